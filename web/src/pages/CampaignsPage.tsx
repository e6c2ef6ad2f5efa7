// 专项行动: the campaigns, newest first, each to its dashboard; the lead launches a new one.
import { Alert, Button, Card, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { formatDay, formatLastDay } from '../../../common/time';
import type { CampaignListItem } from '../../../common/views';
import { navigate } from '../router';
import { useSession } from '../session';
import { useApi } from '../useApi';

export function CampaignsPage() {
  const { me } = useSession();
  const { data, error: refusal } = useApi<{ items: CampaignListItem[] }>('/api/campaigns');
  const items = data?.items;
  const error = refusal?.message;
  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} className="page-title">
          专项行动
        </Typography.Title>
        {me?.role === 'lead' && (
          <Button type="primary" onClick={() => navigate('/campaigns/new')} data-testid="launch">
            启动专项行动
          </Button>
        )}
      </Space>
      {error && <Alert type="warning" showIcon title={error} />}
      {!items && !error && <Spin />}
      {items && (
        <Card styles={{ body: { padding: '0 16px' } }}>
          {items.length === 0 ? (
            <Empty style={{ padding: 24 }} description="尚未启动专项行动" />
          ) : (
            <List
              dataSource={items}
              renderItem={(c) => (
                <List.Item className="work-item" data-testid="campaign-item" onClick={() => navigate(`/campaigns/${encodeURIComponent(c.id)}`)}>
                  <List.Item.Meta
                    title={
                      <Space size={4} wrap>
                        <Tag color={c.status === 'running' ? 'processing' : 'default'}>{c.status === 'running' ? '进行中' : '已结束'}</Tag>
                        <a className="break" href={`/campaigns/${encodeURIComponent(c.id)}`} onClick={(e) => e.preventDefault()}>
                          {c.name}
                        </a>
                      </Space>
                    }
                    description={
                      <span>
                        {c.startAt && c.endAt ? `${formatDay(c.startAt)}至${formatLastDay(c.endAt)}` : ''}
                        {c.currentPhases.length ? ` · 当前阶段：${c.currentPhases.join('、')}` : ''}
                        {` · 隐患${c.hazards}项，已销号${c.closed}项`}
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
