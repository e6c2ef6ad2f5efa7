// 报送: an owner hands in one period of a campaign's obligation (POST /api/campaigns/:id/reports)
// — the obligation, its period and deadline from GET /api/campaigns/:id, a note validated by the
// API's own schema — then goes back to its 工作台. For a signed-in unit and for a mail link's
// campaign session alike.
import { Alert, App as AntApp, Button, Card, Descriptions, Form, Input, Result, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { obligationOwnerOf } from '../../../domain/campaign/actions';
import { reportSchema } from '../../../domain/campaign/schemas';
import { describeTimeLeft, formatDeadline } from '../../../common/time';
import { api, ApiError } from '../api';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { useApi } from '../useApi';
import { clearFixedErrors, fieldErrors, zhApiError } from '../zh';

interface CampaignInfo {
  id: string;
  name: string;
  status: string;
  policy?: { timeZone?: string };
  obligations: {
    key: string;
    title: string;
    ownerIds: string[];
    periods: { period: string; dueAt: string; submitted: string[] }[];
  }[];
}

/** The 工作台 of this session: a mail link's session has its campaign's (App sends '/' there). */
const WORK = '/';

export function ReportPage({ campaignId, obligationKey, period }: { campaignId: string; obligationKey: string; period?: string }) {
  const { me } = useSession();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ note: string }>();
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string>();
  const campaign = useApi<CampaignInfo>(`/api/campaigns/${encodeURIComponent(campaignId)}`);

  const back = (
    <Typography.Paragraph style={{ marginBottom: 4 }}>
      <Link to={WORK} data-testid="back-to-work">
        ← 返回工作台
      </Link>
    </Typography.Paragraph>
  );
  const refused = (title: string, subTitle?: string, status: 'warning' | '404' | '403' | 'success' | 'info' = 'warning') => (
    <Result
      status={status}
      title={<span data-testid="report-refused">{title}</span>}
      subTitle={subTitle}
      extra={
        <Button type="primary" onClick={() => navigate(WORK)}>
          返回工作台
        </Button>
      }
    />
  );

  if (campaign.error) {
    return campaign.error.status === 404 ? refused('专项行动不存在', undefined, '404') : refused('暂时无法打开', campaign.error.message);
  }
  if (!campaign.data || !me) return <Spin style={{ display: 'block', margin: 64 }} />;
  const c = campaign.data;
  const zone = c.policy?.timeZone;
  const obligation = c.obligations.find((o) => o.key === obligationKey);
  if (!obligation) return refused('报送事项不存在', `“${c.name}”中没有此报送事项，请从工作台重新进入。`, '404');
  const ownerId = obligationOwnerOf({ role: me.role, unitId: me.unitId ?? undefined });
  if (!ownerId || !obligation.ownerIds.includes(ownerId)) return refused('本单位无需报送此事项', `“${obligation.title}”不由${me.unitName}报送。`, '403');

  // The period: the one the link names, else the earliest not yet submitted (as the API chooses).
  const index = period === undefined ? obligation.periods.findIndex((p) => !p.submitted.includes(ownerId)) : obligation.periods.findIndex((p) => p.period === period);
  if (index < 0) {
    return period === undefined
      ? refused('各期均已报送', `“${obligation.title}”已全部报送完毕。`, 'success')
      : refused('报送期次不存在', `“${obligation.title}”没有此报送期次，请从工作台重新进入。`, '404');
  }
  const p = obligation.periods[index];
  const periodText = p.period === 'once' ? '一次性报送' : `第${index + 1}期（共${obligation.periods.length}期）`;
  const overdue = Date.parse(p.dueAt) < Date.now();
  const facts = (
    <Descriptions size="small" column={1} bordered styles={{ label: { width: 96 } }} data-testid="report-facts">
      <Descriptions.Item label="专项行动">
        <span className="break">{c.name}</span>
      </Descriptions.Item>
      <Descriptions.Item label="报送事项">
        <span className="break">{obligation.title}</span>
      </Descriptions.Item>
      <Descriptions.Item label="报送期次">{periodText}</Descriptions.Item>
      <Descriptions.Item label="报送期限">
        <span data-testid="report-deadline">{formatDeadline(p.dueAt, zone)}前</span>
        {!p.submitted.includes(ownerId) && <span style={{ color: overdue ? '#cf1322' : '#595959' }}>（{describeTimeLeft(p.dueAt)}）</span>}
      </Descriptions.Item>
      <Descriptions.Item label="报送单位">{me.unitName}</Descriptions.Item>
    </Descriptions>
  );

  if (p.submitted.includes(ownerId)) {
    return (
      <>
        {back}
        <Result status="success" title={<span data-testid="report-refused">本期已报送</span>} subTitle="无需重复报送。" extra={<Button onClick={() => navigate(WORK)}>返回工作台</Button>} />
        <Card size="small">{facts}</Card>
      </>
    );
  }

  const submit = async (values: { note?: string }) => {
    setAlert(undefined);
    const body = { obligationKey, period: p.period, note: values.note ?? '', ...(me.role === 'lead' || me.role === 'bureau' ? { ownerId } : {}) };
    const checked = reportSchema.safeParse(body);
    if (!checked.success) {
      const fields = fieldErrors(checked.error);
      form.setFields([{ name: 'note', errors: fields.note ? [fields.note] : [] }]);
      if (!fields.note) setAlert(Object.values(fields)[0]);
      return;
    }
    form.setFields([{ name: 'note', errors: [] }]);
    setBusy(true);
    try {
      const r = await api<{ period: string; onTime: boolean }>('POST', `/api/campaigns/${encodeURIComponent(c.id)}/reports`, checked.data);
      void message.success(r.onTime ? `已报送：${obligation.title}` : `已报送：${obligation.title}（逾期补报）`);
      navigate(WORK);
    } catch (err) {
      const e = zhApiError(err);
      if (e.fields.note) form.setFields([{ name: 'note', errors: [e.fields.note] }]);
      setAlert(e.message);
      // Already submitted (another tab, a colleague): the page shows it.
      if (err instanceof ApiError && err.status === 409) void campaign.reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {back}
      <Typography.Title level={4} className="page-title break" data-testid="report-title">
        报送：{obligation.title}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 12 }}>
        {overdue && (
          <Tag color="red" style={{ marginBottom: 8 }}>
            已逾期，请尽快补报
          </Tag>
        )}
        {facts}
      </Card>
      <Card size="small" title="填写报送内容">
        <Form form={form} name="report" layout="vertical" onFinish={submit} onValuesChange={clearFixedErrors(form)} data-testid="report-form">
          {alert && <Alert type="error" showIcon title={alert} style={{ marginBottom: 12 }} data-testid="report-alert" />}
          <Form.Item label="报送内容" name="note" required extra="写明本期工作开展情况、完成情况及存在的问题；材料已另行报送的，请注明报送方式。">
            <Input.TextArea rows={6} showCount maxLength={5000} placeholder="请填写报送内容或说明" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} block data-testid="submit-report">
            提交报送
          </Button>
        </Form>
      </Card>
    </>
  );
}
