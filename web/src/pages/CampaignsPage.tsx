// 专项行动: the campaigns, newest first, each to its dashboard; the lead launches a new one.
import { Button, Space, Tag, Typography } from 'antd';
import { formatDay, formatLastDay } from '../../../common/time';
import type { CampaignListItem } from '../../../common/views';
import { LinkList } from '../LinkList';
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
      <LinkList
        items={items}
        error={error}
        empty="尚未启动专项行动"
        testId="campaign-item"
        href={(c) => `/campaigns/${encodeURIComponent(c.id)}`}
        tags={(c) => <Tag color={c.status === 'running' ? 'processing' : 'default'}>{c.status === 'running' ? '进行中' : '已结束'}</Tag>}
        title={(c) => c.name}
        description={(c) => (
          <>
            {c.startAt && c.endAt ? `${formatDay(c.startAt)}至${formatLastDay(c.endAt)}` : ''}
            {c.currentPhases.length ? ` · 当前阶段：${c.currentPhases.join('、')}` : ''}
            {` · 隐患${c.hazards}项，已销号${c.closed}项`}
          </>
        )}
      />
    </>
  );
}
