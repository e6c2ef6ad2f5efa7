// 名册导入 (the bureau and the lead office, on the directory page): a roster of the schools' 一校一档 as
// an Excel workbook or a CSV (the template: GET /api/schools/roster-template.xlsx|.csv, the columns
// the import reads, domain/school-record.ts) is previewed — each school's changes, or every problem
// named by row and field, nothing written — then written on confirm (POST /api/schools/roster.xlsx|.csv).
import { Alert, Button, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { SCHOOL_KIND_LABELS, type SchoolKind } from '../../../common/hazard';
import { ROSTER_HEADERS, SCHOOL_RECORD_LABELS, schoolRecordText, type SchoolRecord, type SchoolRecordField } from '../../../domain/school-record';
import { ApiError, csrf } from '../api';
import { FileProblems, PickFile } from '../FileImport';
import { zhApiError } from '../zh';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface PreviewRow {
  row: number;
  schoolId: string;
  name: string;
  kind: SchoolKind;
  kindBefore: SchoolKind;
  before: SchoolRecord;
  after: SchoolRecord;
  changed: SchoolRecordField[];
}
interface Problem {
  row?: number;
  field: string;
  reason: string;
}

/** The file chosen: its name, its bytes (read once: the preview and the confirmation send the same), its kind. */
interface Chosen {
  name: string;
  bytes: ArrayBuffer;
  xlsx: boolean;
}

type Outcome = { state: 'preview'; rows: PreviewRow[] } | { state: 'problems'; problems: Problem[] } | { state: 'done'; rows: number } | { state: 'error'; message: string };

/** A problem as a person reads it: 第3行“寄宿生数”：“两百”应为不小于0的整数. */
const problemText = (p: Problem) => `${p.row ? `第${p.row}行` : ''}${p.field && p.field !== 'body' ? `“${p.field}”` : ''}${p.row || (p.field && p.field !== 'body') ? '：' : ''}${p.reason}`;

/** What a school's row changes: 护学岗：未填报→已设置. */
function changesOf(r: PreviewRow): string[] {
  const kind = r.kind !== r.kindBefore ? [`学段：${SCHOOL_KIND_LABELS[r.kindBefore] ?? r.kindBefore}→${SCHOOL_KIND_LABELS[r.kind] ?? r.kind}`] : [];
  return [...kind, ...r.changed.map((f) => `${SCHOOL_RECORD_LABELS[f]}：${schoolRecordText(f, r.before[f])}→${schoolRecordText(f, r.after[f])}`)];
}

export function RosterImport({ onImported }: { onImported(): Promise<void> | void }) {
  const [chosen, setChosen] = useState<Chosen>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);

  /** Sends the roster: a preview, or (confirm) its writing. */
  const send = async (file: Chosen, confirm: boolean) => {
    setBusy(true);
    try {
      const res = await fetch(`/api/schools/roster.${file.xlsx ? 'xlsx' : 'csv'}${confirm ? '?confirm=true' : ''}`, {
        method: 'POST',
        headers: { 'content-type': file.xlsx ? XLSX : 'text/csv', ...csrf() },
        credentials: 'same-origin',
        body: file.bytes,
      });
      const json = await res.json().catch(() => undefined);
      if (res.status === 400 && json?.error?.details?.length) return setOutcome({ state: 'problems', problems: json.error.details as Problem[] });
      if (res.status === 413) return setOutcome({ state: 'error', message: '文件太大，名册不能超过20MB' });
      if (!res.ok) return setOutcome({ state: 'error', message: zhApiError(new ApiError(res.status, json?.error?.code ?? 'error', json?.error?.message ?? '')).message });
      if (confirm) {
        setOutcome({ state: 'done', rows: json.total as number });
        setChosen(undefined);
        await onImported();
      } else setOutcome({ state: 'preview', rows: json.rows as PreviewRow[] });
    } catch (err) {
      setOutcome({ state: 'error', message: zhApiError(err).message });
    } finally {
      setBusy(false);
    }
  };

  const choose = async (file: File) => {
    const xlsx = /\.xlsx$/i.test(file.name);
    if (!xlsx && !/\.csv$/i.test(file.name)) return setOutcome({ state: 'error', message: '请选择Excel（.xlsx）或CSV文件' });
    const next = { name: file.name, bytes: await file.arrayBuffer(), xlsx };
    setChosen(next);
    setOutcome(undefined);
    await send(next, false);
  };

  const changing = outcome?.state === 'preview' ? outcome.rows.filter((r) => r.changed.length || r.kind !== r.kindBefore).length : 0;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="roster-import">
      <Typography.Paragraph className="break" style={{ marginBottom: 0 }}>
        按模板填写各校一校一档（每行一所学校，“学校编号”必填，“护学岗”等填“是”或“否”；留空的单元格保持原有数据不变），保存为Excel或CSV文件后选择上传。先预览核对，确认后导入；任一行有误，整个文件不予导入。
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" className="break" style={{ marginBottom: 0 }}>
        模板的列：{ROSTER_HEADERS.join('、')}。
      </Typography.Paragraph>
      <Space wrap>
        <Button href="/api/schools/roster-template.xlsx" data-testid="roster-template-xlsx">
          下载模板（Excel）
        </Button>
        <Button href="/api/schools/roster-template.csv" data-testid="roster-template-csv">
          下载模板（CSV）
        </Button>
        <PickFile accept=".xlsx,.csv" onFile={choose} loading={busy && outcome?.state !== 'preview'} testId="roster-choose">
          选择名册文件
        </PickFile>
      </Space>
      {chosen && (
        <Typography.Text type="secondary" className="break" data-testid="roster-file">
          已选择：{chosen.name}
        </Typography.Text>
      )}
      {outcome?.state === 'error' && <Alert type="error" showIcon title={outcome.message} data-testid="roster-error" />}
      {outcome?.state === 'problems' && (
        <div data-testid="roster-problems">
          <FileProblems title={`名册有${outcome.problems.length}处问题，未导入任何数据。请修改文件后重新选择：`} problems={outcome.problems.map(problemText)} shown={50} />
        </div>
      )}
      {outcome?.state === 'preview' && chosen && (
        <div data-testid="roster-preview">
          <Alert type="info" showIcon title={`名册共${outcome.rows.length}所学校，其中${changing}所的一校一档将有变更。请核对后确认导入。`} style={{ marginBottom: 8 }} />
          <Table<PreviewRow>
            size="small"
            rowKey="schoolId"
            pagination={outcome.rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            dataSource={outcome.rows}
            columns={[
              { title: '行', dataIndex: 'row', width: 48 },
              { title: '学校', key: 'school', width: 120, render: (_, r) => <span className="break">{r.name}</span> },
              {
                title: '变更',
                key: 'changes',
                render: (_, r) => {
                  const changes = changesOf(r);
                  return changes.length ? (
                    <ul style={{ margin: 0, paddingLeft: 16 }}>
                      {changes.map((c) => (
                        <li key={c} className="break">
                          {c}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <Typography.Text type="secondary">无变更</Typography.Text>
                  );
                },
              },
            ]}
          />
          <Space style={{ marginTop: 12 }} wrap>
            <Button type="primary" loading={busy} onClick={() => void send(chosen, true)} data-testid="roster-confirm">
              确认导入
            </Button>
            <Button
              onClick={() => {
                setChosen(undefined);
                setOutcome(undefined);
              }}
            >
              取消
            </Button>
          </Space>
        </div>
      )}
      {outcome?.state === 'done' && <Alert type="success" showIcon title={`已导入${outcome.rows}所学校的一校一档。`} data-testid="roster-done" />}
    </Space>
  );
}
