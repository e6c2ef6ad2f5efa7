// 工作台: what is due from me now, overdue first, then by deadline.
import { Alert, Card, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { describeTimeLeft, formatHour } from '../../../common/time';
import { api, type WorkItem } from '../api';
import { useSession } from '../session';
import { navigate } from '../router';
import { zhApiError } from '../zh';

const KIND_COLORS: Record<string, string> = {
  rectify: 'blue',
  assign: 'geekblue',
  verify: 'cyan',
  extension: 'purple',
  look_back: 'green',
  supervise: 'orange',
  listed_supervision: 'red',
  report: 'gold',
  self_inspection: 'lime',
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
      {me && (
        <Typography.Paragraph type="secondary">
          {me.name ?? me.unitName}：{items ? (items.length ? `待办${items.length}项${overdue ? `，其中逾期${overdue}项` : ''}。` : '') : ''}
        </Typography.Paragraph>
      )}
      {error && <Alert type="warning" showIcon title={error} />}
      {!items && !error && <Spin />}
      {items && (
        <Card styles={{ body: { padding: '0 16px' } }}>
          {items.length === 0 ? (
            <Empty style={{ padding: 24 }} description="暂无待办事项" />
          ) : (
            <List
              dataSource={items}
              renderItem={(w) => (
                <List.Item className="work-item" data-testid="work-item" onClick={() => navigate(w.page)}>
                  <List.Item.Meta
                    title={
                      <Space size={4} wrap>
                        <Tag color={KIND_COLORS[w.kind] ?? 'default'}>{w.action}</Tag>
                        {w.overdue && <Tag color="red">已逾期</Tag>}
                        <a className="break" href={w.page} onClick={(e) => e.preventDefault()}>
                          {w.title}
                        </a>
                      </Space>
                    }
                    description={
                      <span>
                        {w.dueAt ? (
                          <>
                            期限：{formatHour(w.dueAt)}（
                            <span style={{ color: w.overdue ? '#cf1322' : undefined }}>{describeTimeLeft(w.dueAt)}</span>）
                          </>
                        ) : (
                          '尽快办理'
                        )}
                        {w.statusLabel ? ` · ${w.statusLabel}` : ''}
                      </span>
                    }
                  />
                </List.Item>
              )}
            />
          )}
        </Card>
      )}
    </>
  );
}
