// 启动专项行动 (lead): a preset of the source documents, a first day, the participating schools;
// every phase and report deadline shown (POST /api/campaigns/preview, the launch's own plan)
// before the lead confirms (POST /api/campaigns).
import { Alert, Button, Card, Checkbox, DatePicker, Descriptions, Form, Input, Radio, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState, type CSSProperties } from 'react';
import type { CampaignPreset } from '../../../common/campaign';
import { PHASE_LABELS, type PhaseKey } from '../../../common/campaign';
import { SCHOOL_KIND_LABELS, SCHOOL_KINDS, type SchoolKind } from '../../../common/hazard';
import { formatDay, formatDeadline, formatLastDay } from '../../../common/time';
import type { CampaignPreview } from '../../../common/views';
import { api } from '../api';
import { navigate } from '../router';
import { atMostChars, filledIn, zhApiError } from '../zh';
import { leadJurisdictionOf } from '../../../common/jurisdictions';
import { describeTargetRule, type CampaignTarget } from '../../../domain/campaign/targets';
import { LaunchTargets, targetsProblem } from './LaunchTargets';

interface Unit {
  id: string;
  name: string;
  kind: string;
  jurisdictionId: string;
}
interface Jurisdiction {
  id: string;
  name: string;
  level: string;
}

interface LaunchForm {
  presetId: string;
  name: string;
  startDate: Dayjs;
  jurisdictionId: string;
  schoolsMode: 'all' | 'kinds' | 'ids';
  kinds?: SchoolKind[];
  schoolIds?: string[];
}

export function LaunchPage() {
  const [form] = Form.useForm<LaunchForm>();
  const [presets, setPresets] = useState<(CampaignPreset & { targets: CampaignTarget[] })[]>([]);
  // 工作目标: the preset's, as the lead edits them.
  const [targets, setTargets] = useState<CampaignTarget[]>([]);
  const [jurisdictions, setJurisdictions] = useState<Jurisdiction[]>([]);
  const [schools, setSchools] = useState<Unit[]>([]);
  const [departments, setDepartments] = useState<Unit[]>([]);
  const [preview, setPreview] = useState<{ body: object; result: CampaignPreview }>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const mode = Form.useWatch('schoolsMode', form);
  const jurisdictionId = Form.useWatch('jurisdictionId', form);
  const presetId = Form.useWatch('presetId', form);

  useEffect(() => {
    Promise.all([
      api<{ items: (CampaignPreset & { targets: CampaignTarget[] })[] }>('GET', '/api/presets'),
      api<{ items: Jurisdiction[] }>('GET', '/api/jurisdictions'),
      api<{ items: Unit[] }>('GET', '/api/schools'),
      api<{ items: Unit[] }>('GET', '/api/departments'),
    ])
      .then(([p, j, s, d]) => {
        setPresets(p.items);
        setJurisdictions(j.items);
        setSchools(s.items);
        setDepartments(d.items);
        form.setFieldsValue({ jurisdictionId: leadJurisdictionOf(j.items)?.id });
      })
      .catch((err) => setError(zhApiError(err).message));
  }, [form]);

  const names = useMemo(() => new Map([...schools, ...departments].map((u) => [u.id, u.name])), [schools, departments]);
  const ownerName = (id: string) => (id === 'lead_office' ? '领导小组办公室' : (names.get(id) ?? id));

  const bodyOf = (v: LaunchForm) => ({
    name: v.name.trim(),
    jurisdictionId: v.jurisdictionId,
    preset: { id: v.presetId, startDate: v.startDate.format('YYYY-MM-DD') },
    participants: { schools: v.schoolsMode === 'kinds' ? { kinds: v.kinds ?? [] } : v.schoolsMode === 'ids' ? { ids: v.schoolIds ?? [] } : { all: true as const } },
    targets: targets.map((t) => ({ ...t, label: t.label.trim() })),
  });

  const onPreview = async (v: LaunchForm) => {
    const problem = targetsProblem(bodyOf(v).targets);
    if (problem) return setError(problem);
    setBusy(true);
    setError(undefined);
    try {
      const body = bodyOf(v);
      setPreview({ body, result: await api<CampaignPreview>('POST', '/api/campaigns/preview', body) });
    } catch (err) {
      setPreview(undefined);
      setError(zhApiError(err).message);
    } finally {
      setBusy(false);
    }
  };

  const onLaunch = async () => {
    if (!preview) return;
    setBusy(true);
    setError(undefined);
    try {
      const launched = await api<{ id: string }>('POST', '/api/campaigns', preview.body);
      navigate(`/campaigns/${encodeURIComponent(launched.id)}`);
    } catch (err) {
      setError(zhApiError(err).message);
    } finally {
      setBusy(false);
    }
  };

  const pickPreset = (id: string) => {
    const p = presets.find((x) => x.id === id);
    if (!p) return;
    const start = form.getFieldValue('startDate') as Dayjs | undefined;
    form.setFieldsValue({ name: start ? p.name.replace(`${p.year}年`, `${start.year()}年`) : p.name });
    setTargets(p.targets);
    setPreview(undefined);
  };
  const preset = presets.find((p) => p.id === presetId);

  return (
    <>
      <Typography.Title level={4} className="page-title">
        启动专项行动
      </Typography.Title>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="launch-error" />}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form
          form={form}
          layout="vertical"
          onFinish={onPreview}
          onValuesChange={() => setPreview(undefined)}
          initialValues={{ schoolsMode: 'all', startDate: dayjs() }}
          data-testid="launch-form"
        >
          <Form.Item label="方案模板" name="presetId" rules={[{ required: true, message: '请选择方案模板' }]}>
            <Select
              placeholder="选择一份工作方案"
              onChange={pickPreset}
              options={presets.map((p) => ({ value: p.id, label: `${p.issuer}：${p.name}` }))}
              optionRender={(o) => (
                <span className="break" style={{ whiteSpace: 'normal' }}>
                  {o.label}
                </span>
              )}
              data-testid="preset"
            />
          </Form.Item>
          {preset && (
            <Typography.Paragraph type="secondary" className="break" style={{ marginTop: -12 }} data-testid="preset-summary">
              {/* The Chinese part of the summary (its English gloss, after the last 。, is for developers). */}
              {preset.summary.replace(/(?<=。)\s*[A-Za-z][^\u3400-\u9fff]*$/, '')}
            </Typography.Paragraph>
          )}
          <Form.Item label="行动名称" name="name" rules={[filledIn('请填写行动名称'), atMostChars(200)]}>
            <Input />
          </Form.Item>
          <Form.Item label="开始日期" name="startDate" rules={[{ required: true, message: '请选择开始日期' }]} extra="方案中的各阶段和报送时限按同样天数顺延。">
            <DatePicker style={{ width: '100%' }} format="YYYY年M月D日" allowClear={false} data-testid="start-date" />
          </Form.Item>
          <Form.Item label="行政区域" name="jurisdictionId" hidden={jurisdictions.length <= 1} rules={[{ required: true, message: '请选择行政区域' }]}>
            <Select options={jurisdictions.map((j) => ({ value: j.id, label: j.name }))} />
          </Form.Item>
          <Form.Item label="参与学校" name="schoolsMode">
            <Radio.Group
              options={[
                { value: 'all', label: '全部学校' },
                { value: 'kinds', label: '按学段' },
                { value: 'ids', label: '指定学校' },
              ]}
            />
          </Form.Item>
          {mode === 'kinds' && (
            <Form.Item name="kinds" rules={[{ required: true, message: '请至少选择一个学段' }]}>
              <Checkbox.Group options={SCHOOL_KINDS.map((k) => ({ value: k, label: SCHOOL_KIND_LABELS[k] }))} />
            </Form.Item>
          )}
          {mode === 'ids' && (
            <Form.Item name="schoolIds" rules={[{ required: true, message: '请至少选择一所学校' }]}>
              <Select
                mode="multiple"
                placeholder="输入校名查找"
                optionFilterProp="label"
                options={schools.filter((s) => !jurisdictionId || s.jurisdictionId === jurisdictionId).map((s) => ({ value: s.id, label: s.name }))}
                data-testid="school-picker"
              />
            </Form.Item>
          )}
          {preset && (
            <Form.Item label="工作目标（一校一档）">
              <LaunchTargets
                targets={targets}
                onChange={(t) => {
                  setTargets(t);
                  setPreview(undefined);
                }}
              />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" loading={busy && !preview} data-testid="preview">
            预览日程
          </Button>
        </Form>
      </Card>

      {preview && (
        <Card size="small" title="请核对行动日程" data-testid="preview-result" style={{ marginBottom: 12 }}>
          <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
            <Descriptions.Item label="行动名称">
              <span className="break">{preview.result.name}</span>
            </Descriptions.Item>
            <Descriptions.Item label="参与单位">
              学校{preview.result.participants.schoolIds.length}所，成员单位{preview.result.participants.departmentIds.length}个
            </Descriptions.Item>
            <Descriptions.Item label="工作目标">
              {preview.result.targets?.length ? (
                <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="preview-targets">
                  {preview.result.targets.map((t) => (
                    <li key={t.key} className="break">
                      {t.label}达到{t.goal}%（{describeTargetRule(t.rule)}）
                    </li>
                  ))}
                </ul>
              ) : (
                '不设工作目标'
              )}
            </Descriptions.Item>
          </Descriptions>
          <PreviewTable
            testId="preview-phases"
            rows={preview.result.phases}
            columns={[
              { title: '阶段', key: 'key', render: (_, p) => PHASE_LABELS[p.key as PhaseKey] ?? p.key },
              { title: '起止日期', key: 'dates', render: (_, p) => `${formatDay(p.startAt)}至${formatLastDay(p.endAt)}` },
            ]}
          />
          <PreviewTable
            testId="preview-obligations"
            style={{ marginTop: 12 }}
            rows={preview.result.obligations}
            columns={[
              { title: '报送事项', key: 'title', render: (_, o) => <span className="break">{o.title}</span> },
              {
                title: '报送单位',
                key: 'owners',
                render: (_, o) => (
                  <span className="break">
                    {o.ownerIds.length > 3 ? `${o.ownerIds.slice(0, 3).map(ownerName).join('、')}等${o.ownerIds.length}个单位` : o.ownerIds.map(ownerName).join('、')}
                  </span>
                ),
              },
              {
                title: '报送时限',
                key: 'due',
                render: (_, o) => (
                  <span className="break" data-testid="due-dates">
                    {o.dueDates.length ? o.dueDates.map((d) => `${formatDeadline(d)}前`).join('；') : '无'}
                  </span>
                ),
              },
            ]}
          />
          <Space style={{ marginTop: 16 }} wrap>
            <Button type="primary" onClick={onLaunch} loading={busy} data-testid="confirm">
              确认启动
            </Button>
            <Button onClick={() => setPreview(undefined)}>返回修改</Button>
          </Space>
        </Card>
      )}
    </>
  );
}

/** A table of the preview (the phases, the obligations): its rows by their keys, all on one page. */
function PreviewTable<T extends { key: string }>({ testId, style, rows, columns }: { testId: string; style?: CSSProperties; rows: T[]; columns: TableColumnsType<T> }) {
  return (
    <div data-testid={testId} style={style}>
      <Table<T> size="small" rowKey="key" pagination={false} dataSource={rows} columns={columns} />
    </div>
  );
}
