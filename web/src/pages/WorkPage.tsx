// 工作台: what is due from me now, overdue first, then by deadline.
import { Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { describeTimeLeft, formatDeadline } from '../../../common/time';
import { hazardNumberText } from '../../../common/wording';
import { api, type WorkItem } from '../api';
import { LinkList } from '../LinkList';
import { useSession } from '../session';
import { zhApiError } from '../zh';

const KIND_COLORS: Record<string, string> = {
  rectify: 'blue',
  // 配合单位: read-only, the lead unit acts.
  cooperate: 'default',
  assign: 'geekblue',
  verify: 'cyan',
  extension: 'purple',
  look_back: 'green',
  supervise: 'orange',
  listed_supervision: 'red',
  report: 'gold',
  self_inspection: 'lime',
  acknowledge: 'magenta',
};

export function WorkPage({ campaignId, title }: { campaignId?: string; title?: string }) {
  const { me } = useSession();
  const [items, setItems] = useState<WorkItem[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<{ items: WorkItem[] }>('GET', '/api/me/work')
      .then((r) => setItems(campaignId ? r.items.filter((i) => i.campaignId === campaignId) : r.items))
      .catch((err) => setError(me?.subject ? '本链接仅限办理邮件所述事项。' : zhApiError(err).message));
  }, [campaignId, me?.subject]);

  const overdue = items?.filter((i) => i.overdue).length ?? 0;
  return (
    <>
      <Typography.Title level={4} className="page-title">
        {campaignId ? (title ? `${title}：待办事项` : '专项行动待办事项') : '工作台'}
      </Typography.Title>
      {me && items && (
        <Typography.Paragraph type="secondary" data-testid="work-summary">
          {me.name ?? me.unitName}：{items.length ? `待办${items.length}项${overdue ? `，其中逾期${overdue}项` : ''}。` : '暂无待办事项。'}
        </Typography.Paragraph>
      )}
      <LinkList
        items={items}
        error={error}
        empty="暂无待办事项"
        testId="work-item"
        href={(w) => w.page}
        tags={(w) => (
          <>
            <Tag color={KIND_COLORS[w.kind] ?? 'default'}>{w.action}</Tag>
            {w.overdue && <Tag color="red">已逾期</Tag>}
          </>
        )}
        title={(w) => w.title}
        description={(w) => (
          <>
            {w.hazardNumber && w.hazardId ? `${hazardNumberText({ id: w.hazardId, number: w.hazardNumber })} · ` : ''}
            {w.dueAt ? (
              <>
                期限：{formatDeadline(w.dueAt)}前（
                <span style={{ color: w.overdue ? '#cf1322' : undefined }}>{describeTimeLeft(w.dueAt)}</span>）
              </>
            ) : (
              '尽快办理'
            )}
            {w.statusLabel ? ` · ${w.statusLabel}` : ''}
          </>
        )}
      />
    </>
  );
}
