// 工作留痕: a campaign's steps (GET /api/campaigns/:id/audit) — launched, phases opened and closed,
// reports, self-inspections, bulletins — who, when, what, newest first, in Chinese.
import { Card, Empty, List, Result, Spin, Tag, Typography } from 'antd';
import { CAMPAIGN_EVENT_LABELS, dateText } from '../../../common/event-labels';
import { formatHour } from '../../../common/time';
import type { CampaignAuditItem } from '../../../common/views';
import { Link } from '../router';
import { useApi } from '../useApi';
import { actorText, useCampaignNames, type CampaignNames } from './campaign-names';

const ACTION_COLORS: Record<string, string> = {
  campaign_launched: 'blue',
  phase_opened: 'processing',
  phase_closed: 'default',
  report_submitted: 'green',
  self_inspection_submitted: 'green',
  bulletin_issued: 'red',
  campaign_completed: 'default',
};

/** What a step says, as people write it: units by name, dates and instants in Chinese. */
export function auditDetail(e: CampaignAuditItem, names?: CampaignNames): string {
  let text = e.note ?? '';
  if (e.action === 'self_inspection_submitted') {
    const [, actorUnit] = e.actor.split(':');
    // A school's own: "提交自查，上报隐患2项"; for others (the bureau, a CSV list): each school by name.
    text = text.replace(/(^|；)([\w.-]+)(提交自查)/g, (_m, sep, id, rest) => `${sep}${id === actorUnit && e.actor.startsWith('school:') ? '' : (names?.units.get(id) ?? id)}${rest}`);
  }
  if (e.action === 'report_submitted') {
    const ownerId = (e.data as { ownerId?: string } | null)?.ownerId;
    const [, actorUnit] = e.actor.split(':');
    if (ownerId && ownerId !== actorUnit) text = `代${ownerId === 'lead_office' ? '领导小组办公室' : (names?.units.get(ownerId) ?? ownerId)}报送：${text}`;
  }
  return dateText(text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g, (iso) => formatHour(iso)));
}

export function CampaignAuditPage({ campaignId }: { campaignId: string }) {
  const { data, error } = useApi<{ items: CampaignAuditItem[] }>(`/api/campaigns/${encodeURIComponent(campaignId)}/audit`);
  const items = data?.items;
  const names = useCampaignNames(campaignId);
  if (error) return <Result status={error.status === 404 ? '404' : 'warning'} title={error.status === 404 ? '专项行动不存在' : '暂时无法打开'} subTitle={error.message} />;
  return (
    <>
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        <Link to={`/campaigns/${encodeURIComponent(campaignId)}`} data-testid="back-to-campaign">
          ← {names?.campaignName || '返回专项行动'}
        </Link>
      </Typography.Paragraph>
      <Typography.Title level={4} className="page-title" data-testid="page-title">
        工作留痕
      </Typography.Title>
      {!items || !names ? (
        <Spin />
      ) : (
        <Card size="small">
          {items.length === 0 ? (
            <Empty description="暂无记录" />
          ) : (
            <List
              data-testid="audit-list"
              dataSource={[...items].reverse()}
              renderItem={(e) => (
                <List.Item data-testid="audit-item">
                  <div className="break" style={{ width: '100%' }}>
                    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', marginBottom: 2 }}>
                      <Typography.Text type="secondary" data-testid="audit-at">
                        {formatHour(e.at)}
                      </Typography.Text>
                      <Tag color={ACTION_COLORS[e.action]} data-testid="audit-action">
                        {CAMPAIGN_EVENT_LABELS[e.action] ?? e.action}
                      </Tag>
                    </div>
                    <div>
                      <Typography.Text strong data-testid="audit-actor">
                        {actorText(e.actor, names)}
                      </Typography.Text>
                      <span data-testid="audit-detail">：{auditDetail(e, names)}</span>
                    </div>
                  </div>
                </List.Item>
              )}
            />
          )}
        </Card>
      )}
    </>
  );
}
