// 摸排自查（一校一表）for a school: hazards row by row (POST /api/campaigns/:id/self-inspections),
// or a CSV file from the template (POST /api/campaigns/:id/hazards.csv, followed to its end).
import { Alert, Button, Card, Checkbox, Form, Input, Result, Select, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { HAZARD_CATEGORIES, HAZARD_CATEGORY_LABELS, HAZARD_IMPORT_HEADERS, HAZARD_LEVEL_LABELS, HAZARD_LEVELS } from '../../../common/hazard';
import { ApiError, api, csrf } from '../api';
import { FileProblems, PickFile } from '../FileImport';
import { atMostChars, filledIn, zhApiError } from '../zh';

interface Row {
  title: string;
  category: string;
  level: string;
  location?: string;
  description?: string;
  selfFixable?: boolean;
}

/** The template: the import's columns and one example row of this school. */
function templateCsv(schoolId: string): string {
  const example = [schoolId, HAZARD_CATEGORY_LABELS.fire, '一般', '教学楼二楼灭火器过期', '3具灭火器压力不足', '教学楼二楼东侧走廊', '是', '', ''];
  const line = (cells: readonly string[]) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
  return `\uFEFF${line(HAZARD_IMPORT_HEADERS)}\r\n${line(example)}\r\n`;
}

/** An import problem as a school reads it. */
function problemText(p: { row?: number; field: string; reason: string }): string {
  const reason = /^no rows/.test(p.reason)
    ? '表格中没有任何隐患：经自查未发现隐患的，请填写一行，“隐患名称”填“零隐患”'
    : /零隐患 row/.test(p.reason)
      ? '为“零隐患”行，其余各栏须留空'
      : /^零隐患 for/.test(p.reason)
        ? '填写了“零隐患”，但表格中又列有本校隐患'
        : /required/.test(p.reason)
          ? '未填写'
          : /no school of this campaign/.test(p.reason)
            ? '学校编号不是本校或本次行动的参与学校'
            : /must be one of/.test(p.reason)
              ? `须为：${p.reason.replace(/^must be one of /, '')}`
              : /一般 or 重大/.test(p.reason)
                ? '须为“一般”或“重大”'
                : /是 or 否/.test(p.reason)
                  ? '须为“是”或“否”'
                  : /in the future/.test(p.reason)
                    ? '须晚于当前时间'
                    : /required columns/.test(p.reason)
                      ? `表头须包含：${HAZARD_IMPORT_HEADERS.join('、')}`
                      : /^不是可读取的CSV文件/.test(p.reason)
                        ? p.reason
                        : '填写的内容不符合要求';
  return `${p.row ? `第${p.row}行` : ''}${p.field && !['file', 'header'].includes(p.field) ? `“${p.field}”` : ''}${reason}`;
}

export function SelfInspection({ campaignId, schoolId, done, onSubmitted }: { campaignId: string; schoolId: string; done: boolean; onSubmitted(): void }) {
  const [form] = Form.useForm<{ hazards: Row[] }>();
  const [error, setError] = useState<string>();
  const [submitted, setSubmitted] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [csvResult, setCsvResult] = useState<{ ok?: string; problems?: string[] }>();

  const submitRows = async (v: { hazards?: Row[] }) => {
    setBusy(true);
    setError(undefined);
    try {
      const hazards = (v.hazards ?? []).map((r) => ({
        category: r.category,
        level: r.level,
        title: r.title.trim(),
        ...(r.location?.trim() ? { location: r.location.trim() } : {}),
        ...(r.description?.trim() ? { description: r.description.trim() } : {}),
        selfFixable: !!r.selfFixable,
      }));
      const res = await api<{ hazardIds: string[] }>('POST', `/api/campaigns/${encodeURIComponent(campaignId)}/self-inspections`, { schoolId, hazards });
      setSubmitted(res.hazardIds.length ? `已提交自查，上报隐患${res.hazardIds.length}项。` : '已提交自查：本校未发现隐患。');
      onSubmitted();
    } catch (err) {
      const e = zhApiError(err);
      setError(err instanceof ApiError && err.status === 409 ? (/closed/.test(err.message) ? '摸排阶段已结束，不能再提交自查' : '本校已提交过自查') : e.message);
    } finally {
      setBusy(false);
    }
  };

  const upload = async (file: File) => {
    setCsvResult(undefined);
    setBusy(true);
    try {
      const res = await fetch(`/api/campaigns/${encodeURIComponent(campaignId)}/hazards.csv`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv; charset=utf-8', ...csrf() },
        credentials: 'same-origin',
        body: await file.text(),
      });
      const json = await res.json().catch(() => undefined);
      if (!res.ok) {
        const details = (json?.error?.details ?? []) as { row?: number; field: string; reason: string }[];
        setCsvResult({ problems: details.length ? details.map(problemText) : [zhApiError(new ApiError(res.status, json?.error?.code ?? 'error', json?.error?.message ?? '')).message] });
        return;
      }
      // The import runs on: follow it to its end.
      let job = json as { status: string; rows: number; started: number; alreadyImported: number; statusUrl: string; zeroHazardSchools?: string[] };
      const zero = job.zeroHazardSchools ?? [];
      for (let i = 0; i < 120 && job.status === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 500));
        job = await api('GET', job.statusUrl);
      }
      setCsvResult(
        job.status === 'completed' && job.rows === 0 && zero.length
          ? { ok: zero.length === 1 ? '已报送零隐患：本校经自查未发现安全隐患。' : `已报送${zero.length}所学校零隐患。` }
          : job.status === 'completed'
            ? { ok: `已导入${job.rows}项隐患${job.alreadyImported ? `（其中${job.alreadyImported}项此前已导入）` : ''}${zero.length ? `；${zero.length}所学校报送零隐患` : ''}。` }
            : job.status === 'failed'
              ? { problems: ['导入失败，请稍后重试'] }
              : { ok: `已收到${job.rows}项隐患，正在导入。` },
      );
    } catch (err) {
      setCsvResult({ problems: [zhApiError(err).message] });
    } finally {
      setBusy(false);
    }
  };

  const rowsTab =
    done || submitted ? (
      <div data-testid="self-inspection-done">
        <Result status="success" title={submitted ?? '本校已提交自查'} subTitle="如发现新的隐患，可通过“上传表格”补充导入。" />
      </div>
    ) : (
      <Form form={form} layout="vertical" onFinish={submitRows} initialValues={{ hazards: [] }} data-testid="self-inspection-form">
        <Form.List name="hazards">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <Card
                  key={f.key}
                  size="small"
                  type="inner"
                  title={`隐患${i + 1}`}
                  extra={
                    <Button type="link" size="small" danger onClick={() => remove(f.name)}>
                      删除
                    </Button>
                  }
                  style={{ marginBottom: 12 }}
                  data-testid="hazard-row"
                >
                  <Form.Item label="隐患名称" name={[f.name, 'title']} rules={[filledIn(), atMostChars(200)]}>
                    <Input placeholder="如：教学楼二楼灭火器过期" />
                  </Form.Item>
                  <Space wrap style={{ width: '100%' }} size={[12, 0]}>
                    <Form.Item label="隐患类别" name={[f.name, 'category']} rules={[{ required: true, message: '请选择' }]}>
                      <Select style={{ width: 180 }} options={HAZARD_CATEGORIES.map((c) => ({ value: c, label: HAZARD_CATEGORY_LABELS[c] }))} data-testid="category" />
                    </Form.Item>
                    <Form.Item label="隐患等级" name={[f.name, 'level']} rules={[{ required: true, message: '请选择' }]}>
                      <Select style={{ width: 140 }} options={HAZARD_LEVELS.map((l) => ({ value: l, label: HAZARD_LEVEL_LABELS[l] }))} data-testid="level" />
                    </Form.Item>
                  </Space>
                  <Form.Item label="隐患位置" name={[f.name, 'location']} rules={[atMostChars(500)]}>
                    <Input />
                  </Form.Item>
                  <Form.Item label="隐患描述" name={[f.name, 'description']} rules={[atMostChars(5000)]}>
                    <Input.TextArea autoSize={{ minRows: 2 }} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'selfFixable']} valuePropName="checked" style={{ marginBottom: 0 }}>
                    <Checkbox>学校能自行整改</Checkbox>
                  </Form.Item>
                </Card>
              ))}
              <Button block type="dashed" onClick={() => add({ level: 'general' })} style={{ marginBottom: 12 }} data-testid="add-row">
                添加一项隐患
              </Button>
            </>
          )}
        </Form.List>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Typography.Paragraph type="secondary">逐项填写排查发现的隐患；未发现隐患的，直接提交即可。提交后不能再次提交。</Typography.Paragraph>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="submit-self-inspection">
          提交自查结果
        </Button>
      </Form>
    );

  const csvTab = (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph className="break" style={{ marginBottom: 0 }}>
        按模板填写本校隐患清单（每行一项；“学校编号”填 {schoolId}，“隐患等级”填一般或重大，“能否自行整改”填是或否），保存为CSV（UTF-8）后上传。经自查未发现隐患的，填写一行：“学校编号”填{' '}
        {schoolId}，“隐患名称”填“零隐患”，其余留空。任一行有误，整个文件不予导入。
      </Typography.Paragraph>
      <Button data-testid="download-template" href={`data:text/csv;charset=utf-8,${encodeURIComponent(templateCsv(schoolId))}`} download="一校一表隐患清单模板.csv">
        下载模板
      </Button>
      <PickFile accept=".csv,text/csv" onFile={upload} loading={busy} testId="upload-csv">
        上传表格
      </PickFile>
      {csvResult?.ok && (
        <div data-testid="csv-result">
          <Alert type="success" showIcon title={csvResult.ok} />
        </div>
      )}
      {csvResult?.problems && (
        <div data-testid="csv-problems">
          <FileProblems title="文件有误，未导入任何隐患：" problems={csvResult.problems} shown={20} />
        </div>
      )}
    </Space>
  );

  return (
    <Card title="摸排自查（一校一表）" size="small" style={{ marginBottom: 12 }} data-testid="self-inspection">
      <Tabs
        items={[
          { key: 'rows', label: '逐项填报', children: rowsTab },
          { key: 'csv', label: '上传表格', children: csvTab },
        ]}
      />
    </Card>
  );
}
