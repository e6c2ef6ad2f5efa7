// 卡住的处理步骤 (lead): side effects of a hazard's or a campaign's step (a row, a mail, a bulletin
// entry) that failed with an error no retry can cure and were parked (issue 27). Each with its
// error; 重试 after the fix puts it back in its workflow's lane (POST
// /api/operations/stuck-steps/:id/retry): carried out it leaves the list, failing again it stays
// with the new error. Cards, not a table: readable at 390 px.
import { Alert, App as AntApp, Button, Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { formatHour } from '../../../common/time';
import { api } from '../api';
import { Link } from '../router';
import { useApi } from '../useApi';
import { zhApiError } from '../zh';

interface StuckStep {
  id: string;
  workflowId: string;
  kind: string;
  error: string;
  firstFailedAt: string;
  lastFailedAt: string;
  retries: number;
  resolvedAt: string | null;
}

const KIND_LABELS: Record<string, string> = {
  record: '写入台账和留痕',
  mail: '发送通知邮件',
  bulletin: '记入通报',
  'bulletin-entries': '记入通报',
  report: '记录报送',
  'self-inspections': '记录摸排',
  'escalate-hazards': '升级行动中的隐患',
  blacklist: '列入黑榜',
  'schedule-look-backs': '安排回头看',
  'issue-bulletin': '印发通报',
};

/** The page of the hazard or campaign whose workflow it is. */
function ownerLink(workflowId: string) {
  const hazard = /^hazard-(.+)$/.exec(workflowId);
  if (hazard) return <Link to={`/hazards/${encodeURIComponent(hazard[1])}`}>隐患 {hazard[1]}</Link>;
  const campaign = /^campaign-(.+)$/.exec(workflowId);
  if (campaign) return <Link to={`/campaigns/${encodeURIComponent(campaign[1])}`}>专项行动 {campaign[1]}</Link>;
  return <span>{workflowId}</span>;
}

export function StuckStepsPage() {
  const { data, loading, error, reload } = useApi<{ items: StuckStep[]; total: number }>('/api/operations/stuck-steps');
  const [retrying, setRetrying] = useState<string>();
  const { message } = AntApp.useApp();

  async function retry(step: StuckStep) {
    setRetrying(step.id);
    try {
      const r = await api<{ done: boolean; error?: string }>('POST', `/api/operations/stuck-steps/${encodeURIComponent(step.id)}/retry`);
      if (r.done) message.success('已重试成功，该步骤已完成');
      else message.error(`重试仍未成功：${r.error ?? '原因不明'}`);
    } catch (err) {
      message.error(zhApiError(err).message);
    } finally {
      setRetrying(undefined);
      await reload();
    }
  }

  return (
    <Card title="卡住的处理步骤" data-testid="stuck-steps">
      <Typography.Paragraph type="secondary">
        这些步骤因数据错误或约束冲突无法自动完成，已暂停等待处理；其他步骤和各项期限照常进行。请先排除原因（如更正名录中的数据），再点“重试”。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error.message} style={{ marginBottom: 16 }} />}
      <List
        loading={loading && !data}
        dataSource={data?.items ?? []}
        locale={{ emptyText: <Empty description="没有卡住的步骤" /> }}
        renderItem={(s) => (
          <List.Item key={s.id} data-testid="stuck-step">
            <Space direction="vertical" size={4} style={{ width: '100%', minWidth: 0 }}>
              <Space wrap>
                <Tag color="red">{KIND_LABELS[s.kind] ?? s.kind}</Tag>
                {ownerLink(s.workflowId)}
              </Space>
              <Typography.Text code style={{ wordBreak: 'break-all' }}>
                {s.id}
              </Typography.Text>
              <Typography.Paragraph type="danger" style={{ margin: 0, wordBreak: 'break-word', whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 3, expandable: true, symbol: '展开' }}>
                {s.error.trim()}
              </Typography.Paragraph>
              <Typography.Text type="secondary">
                首次失败：{formatHour(s.firstFailedAt)}
                {s.retries > 0 ? `；已重试${s.retries}次，最近失败：${formatHour(s.lastFailedAt)}` : ''}
              </Typography.Text>
              <Button type="primary" loading={retrying === s.id} disabled={retrying !== undefined && retrying !== s.id} onClick={() => void retry(s)}>
                重试
              </Button>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
