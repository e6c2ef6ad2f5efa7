// 工作目标 at launch: the preset's targets (quoted from its source), each editable within the domain's
// bounds or removed, and new ones of the known kinds (domain/campaign/targets.ts: facilities of the
// 一校一档, the boarding schools' 专职保安员) — checked with the launch's own schema before the preview.
import { Button, Checkbox, Input, InputNumber, List, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { campaignTargetsSchema, describeTargetRule, newTarget, TARGET_KIND_LABELS, targetLabelOf, type CampaignTarget, type TargetRule } from '../../../domain/campaign/targets';
import { SCHOOL_RECORD_FLAGS, SCHOOL_RECORD_LABELS } from '../../../domain/school-record';
import { zhIssue } from '../zh';

/** A field of a target, as the form names it. */
const FIELD_NAMES: Record<string, string> = { label: '名称', goal: '目标值', facilities: '达标项目', base: '保安员基数', perBoarders: '每增配1名对应的寄宿生数', key: '编号' };

/** The launch's targets as people read a refusal: "第2项目标的名称：请填写此项". */
export function targetsProblem(targets: CampaignTarget[]): string | undefined {
  const checked = campaignTargetsSchema.safeParse(targets);
  if (checked.success) return undefined;
  const issue = checked.error.issues[0];
  const [index, field, sub] = issue.path;
  if (typeof index !== 'number') return `工作目标：${issue.code === 'too_big' ? '最多20项' : '各项目标不能重复'}`;
  const name = FIELD_NAMES[String(field === 'rule' ? sub : field)] ?? '';
  return `第${index + 1}项工作目标${name ? `的${name}` : ''}：${zhIssue(issue)}`;
}

const KINDS = Object.keys(TARGET_KIND_LABELS) as TargetRule['kind'][];

type GuardsRuleValue = Extract<TargetRule, { kind: 'boarding_guards' }>;
/** The boarding schools' rule's two numbers in its sentence, each a whole one within the launch schema's bounds (emptied: its least). */
const GUARD_NUMBERS = [
  { field: 'base', before: '寄宿制学校至少配备', after: '名专职保安员，', min: 0, max: 50, width: 64 },
  { field: 'perBoarders', before: '每增加', after: '名寄宿生增配1名', min: 1, max: 5000, width: 80 },
] as const;

/** 专职保安员: the boarding schools' rule, its numbers edited in its sentence. */
function GuardsRule({ rule, onChange }: { rule: GuardsRuleValue; onChange(rule: GuardsRuleValue): void }) {
  return (
    <Space wrap size={[4, 8]}>
      {GUARD_NUMBERS.map((n) => (
        <Space size={4} key={n.field}>
          {n.before}
          <InputNumber
            aria-label={FIELD_NAMES[n.field]}
            min={n.min}
            max={n.max}
            precision={0}
            value={rule[n.field]}
            onChange={(v) => onChange({ ...rule, [n.field]: v ?? n.min })}
            style={{ width: n.width }}
          />
          {n.after}
        </Space>
      ))}
    </Space>
  );
}

export function LaunchTargets({ targets, onChange }: { targets: CampaignTarget[]; onChange(targets: CampaignTarget[]): void }) {
  const [kind, setKind] = useState<TargetRule['kind']>('facilities');
  const set = (i: number, t: CampaignTarget) => onChange(targets.map((x, j) => (j === i ? t : x)));
  /** A new rule: its name follows it unless the lead named it otherwise. */
  const setRule = (i: number, rule: TargetRule) => {
    const t = targets[i];
    set(i, { ...t, rule, label: t.label === targetLabelOf(t.rule) ? targetLabelOf(rule) : t.label });
  };

  return (
    <div data-testid="launch-targets">
      <Typography.Paragraph type="secondary" className="break" style={{ marginBottom: 8 }}>
        工作目标按各校一校一档统计达标率，在专项行动页面展示未达标的学校。可修改目标值、删除，或添加新的目标。
      </Typography.Paragraph>
      <List
        size="small"
        bordered
        dataSource={targets}
        locale={{ emptyText: '不设工作目标' }}
        renderItem={(t, i) => (
          <List.Item key={t.key} data-testid={`launch-target-${t.key}`}>
            <Space direction="vertical" style={{ width: '100%', minWidth: 0 }} size={6}>
              <Input aria-label="目标名称" value={t.label} maxLength={60} onChange={(e) => set(i, { ...t, label: e.target.value })} />
              <Space wrap size={8} style={{ width: '100%', justifyContent: 'space-between' }}>
                <Space size={4}>
                  目标值
                  <InputNumber aria-label="目标值" min={0} max={100} precision={0} suffix="%" value={t.goal} onChange={(v) => set(i, { ...t, goal: v ?? 0 })} style={{ width: 96 }} />
                </Space>
                <Button size="small" danger onClick={() => onChange(targets.filter((_, j) => j !== i))} data-testid={`target-remove-${t.key}`}>
                  删除此目标
                </Button>
              </Space>
              {t.rule.kind === 'facilities' ? (
                <Checkbox.Group
                  value={t.rule.facilities}
                  onChange={(v) => setRule(i, { kind: 'facilities', facilities: SCHOOL_RECORD_FLAGS.filter((f) => v.includes(f)) })}
                  options={SCHOOL_RECORD_FLAGS.map((f) => ({ value: f, label: SCHOOL_RECORD_LABELS[f] }))}
                />
              ) : (
                <GuardsRule rule={t.rule} onChange={(rule) => setRule(i, rule)} />
              )}
              <Typography.Text type="secondary" className="break">
                达标要求：{describeTargetRule(t.rule)}
                {t.source ? `。方案原文：“${t.source}”` : ''}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <Space.Compact style={{ width: '100%', marginTop: 8 }}>
        <Select<TargetRule['kind']>
          aria-label="目标类型"
          value={kind}
          onChange={setKind}
          options={KINDS.map((k) => ({ value: k, label: TARGET_KIND_LABELS[k] }))}
          style={{ flex: 1, minWidth: 0 }}
          data-testid="target-kind"
        />
        <Button
          disabled={targets.length >= 20}
          onClick={() =>
            onChange([
              ...targets,
              newTarget(
                kind,
                targets.map((t) => t.key),
              ),
            ])
          }
          data-testid="target-add"
        >
          添加目标
        </Button>
      </Space.Compact>
    </div>
  );
}
