// 一校一档: a school's record (GET /api/schools/:id/record), shown to whoever may see it and edited by
// the school (its own) and the bureau and the lead office (any school's) — PUT /api/schools/:id/record.
// The form is drawn from the record's facts (domain/school-record.ts: names, what each is, bounds)
// and checked with the API's own schema before it is sent.
import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, InputNumber, Radio, Typography } from 'antd';
import { useEffect } from 'react';
import { SCHOOL_KIND_LABELS, type SchoolKind } from '../../../common/hazard';
import { SCHOOL_RECORD_FACTS, SCHOOL_RECORD_FIELDS, schoolRecordSchema, schoolRecordText, type SchoolRecord, type SchoolRecordField } from '../../../domain/school-record';
import { api } from '../api';
import { Link } from '../router';
import { NotShown, shownStatus, usePageTitle } from '../shell';
import { useSession } from '../session';
import { useApi } from '../useApi';
import { clearFixedErrors, fieldErrors, zhApiError } from '../zh';

interface RecordView {
  schoolId: string;
  name: string;
  kind: SchoolKind;
  record: SchoolRecord;
  mayEdit: boolean;
}

/** The form's values: the record, a count or a name left empty being 未填报. */
type Values = Partial<Record<SchoolRecordField, string | number | boolean | null>>;

/** The record as the API takes it: every fact, an empty one null (未填报). */
function editOf(v: Values): Record<SchoolRecordField, unknown> {
  return Object.fromEntries(
    SCHOOL_RECORD_FIELDS.map((f) => {
      const x = v[f];
      return [f, x === undefined || x === null || (typeof x === 'string' && !x.trim()) ? null : typeof x === 'string' ? x.trim() : x];
    }),
  ) as Record<SchoolRecordField, unknown>;
}

/** One fact's input, as the fact is: a name, a count within its bounds, or its two words (已设置 / 未设置). */
function factInput(field: SchoolRecordField) {
  const fact = SCHOOL_RECORD_FACTS[field];
  if (fact.kind === 'text') return <Input maxLength={fact.maxLength} placeholder="未填报" />;
  if (fact.kind === 'count') return <InputNumber min={0} max={fact.max} precision={0} suffix={fact.unit} placeholder="未填报" inputMode="numeric" style={{ width: '100%' }} />;
  return (
    <Radio.Group
      optionType="button"
      options={[
        { value: true, label: fact.yes },
        { value: false, label: fact.no },
      ]}
    />
  );
}

export function SchoolRecordPage({ schoolId }: { schoolId: string }) {
  const { me } = useSession();
  const { message } = AntApp.useApp();
  const view = useApi<RecordView>(`/api/schools/${encodeURIComponent(schoolId)}/record`);
  const [form] = Form.useForm<Values>();
  const data = view.data;
  usePageTitle(data ? `一校一档：${data.name}` : undefined);

  useEffect(() => {
    if (data) form.setFieldsValue(data.record);
  }, [data, form]);

  if (view.error) return <NotShown status={shownStatus(view.error.status)} title={view.error.status === 404 ? '学校不存在' : view.error.message} />;
  if (!data) return <Card loading size="small" />;
  const unfilled = SCHOOL_RECORD_FIELDS.filter((f) => data.record[f] === null).length;

  const save = async () => {
    const body = editOf(form.getFieldsValue());
    const checked = schoolRecordSchema.safeParse(body);
    if (!checked.success) {
      const errors = fieldErrors(checked.error);
      form.setFields(Object.entries(errors).map(([name, e]) => ({ name: name as SchoolRecordField, errors: [e] })));
      return;
    }
    try {
      await api('PUT', `/api/schools/${encodeURIComponent(schoolId)}/record`, checked.data);
      void message.success('一校一档已保存');
      await view.reload();
    } catch (err) {
      const e = zhApiError(err);
      form.setFields(Object.entries(e.fields).map(([name, x]) => ({ name: name as SchoolRecordField, errors: [x] })));
      void message.error(e.message);
    }
  };

  return (
    <>
      <Typography.Title level={4} className="page-title break">
        一校一档：{data.name}
      </Typography.Title>
      <Typography.Paragraph type="secondary" data-testid="record-summary">
        学段：{SCHOOL_KIND_LABELS[data.kind] ?? data.kind}。{unfilled ? `尚有${unfilled}项未填报。` : '各项均已填报。'}
        {me?.role === 'lead' || me?.role === 'bureau' ? (
          <>
            {' '}
            <Link to="/directory">返回名录</Link>
          </>
        ) : null}
      </Typography.Paragraph>
      {data.mayEdit ? (
        <Card size="small" data-testid="record-form">
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            专项行动的工作目标（如“护学岗”设置率、联网率、寄宿制学校专职保安员配备）按此处填报的情况统计，未填报的视为未达标。
          </Typography.Paragraph>
          <Form form={form} layout="vertical" onFinish={() => void save()} onValuesChange={clearFixedErrors(form)} initialValues={data.record}>
            {SCHOOL_RECORD_FIELDS.map((f) => (
              <Form.Item key={f} name={f} label={SCHOOL_RECORD_FACTS[f].label} extra={f === 'boarders' ? '无寄宿生的填0；不多于在校生数' : undefined}>
                {factInput(f)}
              </Form.Item>
            ))}
            <Button type="primary" htmlType="submit" data-testid="record-save">
              保存
            </Button>
          </Form>
        </Card>
      ) : (
        <Card size="small" data-testid="record-view">
          <Alert type="info" showIcon title="一校一档由本校和教育局填报。" style={{ marginBottom: 12 }} />
          <Descriptions size="small" column={1} bordered>
            {SCHOOL_RECORD_FIELDS.map((f) => (
              <Descriptions.Item key={f} label={SCHOOL_RECORD_FACTS[f].label}>
                {schoolRecordText(f, data.record[f])}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Card>
      )}
    </>
  );
}
