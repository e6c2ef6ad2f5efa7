// 发布通报 from the web (issue 28, item 1): the lead office's button on the bulletins page, shown when
// the campaign's `actions` (GET /api/campaigns/:id, from the action table) offer issueBulletin and
// labelled from it; it opens the preview of what the bulletin would say now (GET …/bulletins/preview:
// its 文号, 黑榜, hazards overdue and under 挂牌督办, closure rate, and whether anything is new), and
// the lead confirms (POST …/bulletins): issued with its 文号, the page of the new bulletin opens.
import { Alert, App as AntApp, Button, Descriptions, Modal, Spin } from 'antd';
import { useState } from 'react';
import { CAMPAIGN_ACTIONS, type CampaignAction } from '../../../domain/campaign/actions';
import type { BulletinContent, BulletinView } from '../../../common/views';
import { overallRateText } from '../../../common/wording';
import { bulletinHazardsCounted } from '../../../domain/campaign/bulletins';
import { api } from '../api';
import { navigate } from '../router';
import { useApi } from '../useApi';
import { zhApiError } from '../zh';

interface Preview {
  no: number;
  docNo: string;
  content: BulletinContent;
  news: { blacklist: number; overdue: number; listed: number };
  hasNews: boolean;
}

export function IssueBulletinButton({ campaignId, onIssued }: { campaignId: string; onIssued?: () => void }) {
  const { message } = AntApp.useApp();
  const campaign = useApi<{ actions?: CampaignAction[] }>(`/api/campaigns/${encodeURIComponent(campaignId)}`);
  const [open, setOpen] = useState(false);
  const [preview, setPreview] = useState<Preview>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const action = CAMPAIGN_ACTIONS.issueBulletin;
  if (!campaign.data?.actions?.some((a) => a.action === 'issueBulletin')) return null;
  const base = `/api/campaigns/${encodeURIComponent(campaignId)}/bulletins`;

  const show = async () => {
    setOpen(true);
    setPreview(undefined);
    setError(undefined);
    try {
      setPreview(await api<Preview>('GET', `${base}/preview`));
    } catch (err) {
      setError(zhApiError(err).message);
    }
  };
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const issued = await api<BulletinView>('POST', base, undefined);
      void message.success(`已发布第${issued.no}期通报${issued.docNo ? `（${issued.docNo}）` : ''}`);
      setOpen(false);
      onIssued?.();
      navigate(`/campaigns/${encodeURIComponent(campaignId)}/bulletins/${issued.no}`);
    } catch (err) {
      setError(zhApiError(err).message);
    } finally {
      setBusy(false);
    }
  };

  const c = preview?.content;
  return (
    <>
      <Button type="primary" onClick={() => void show()} data-testid="issue-bulletin">
        {action.label}
      </Button>
      <Modal
        open={open}
        title={preview ? `发布第${preview.no}期通报` : action.label}
        okText="确认发布"
        cancelText="取消"
        onOk={() => void confirm()}
        okButtonProps={{ disabled: !preview, loading: busy, 'data-testid': 'confirm-bulletin' }}
        onCancel={() => setOpen(false)}
        width={560}
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        {!preview || !c ? (
          !error && <Spin />
        ) : (
          <div data-testid="bulletin-preview">
            <Descriptions size="small" column={1} bordered styles={{ label: { width: 120 } }}>
              <Descriptions.Item label="文号">
                <span data-testid="preview-doc-no">{preview.docNo}</span>
              </Descriptions.Item>
              <Descriptions.Item label="黑榜">{c.blacklist.length ? `${c.blacklist.length}个单位：${c.blacklist.map((u) => u.name).join('、')}` : '无'}</Descriptions.Item>
              <Descriptions.Item label="逾期未整改隐患">{c.overdueHazards.length}项</Descriptions.Item>
              <Descriptions.Item label="挂牌督办隐患">{c.listedSupervision.length}项</Descriptions.Item>
              <Descriptions.Item label="总体销号率">{overallRateText(c.closureRate, bulletinHazardsCounted(c))}</Descriptions.Item>
            </Descriptions>
            <Alert
              style={{ marginTop: 12 }}
              type={preview.hasNews ? 'info' : 'warning'}
              showIcon
              title={
                preview.hasNews
                  ? '通报将发送全体成员单位和学校；列入黑榜的单位将被责令限期整改。'
                  : `${preview.no > 1 ? '自上期通报以来没有新的' : '目前没有'}未按时完成任务的单位、逾期或挂牌督办隐患。确认后仍将发布并发送全体成员单位和学校。`
              }
            />
          </div>
        )}
      </Modal>
    </>
  );
}
