// 通报: a campaign's numbered bulletins (GET /api/campaigns/:id/bulletins), newest first, each to
// its page — its number and date, what set it off, the 黑榜 (units that missed deadlines, with
// their reasons), the hazards overdue and under 挂牌督办, the closure rate per unit — with its CSV.
import { Alert, Button, Card, Descriptions, Empty, List, Result, Space, Spin, Table, Tag, Typography } from 'antd';
import { bulletinTriggerLabel, UNIT_TYPE_LABELS as UNIT_TYPES } from '../../../common/event-labels';
import { HAZARD_LEVEL_LABELS, type HazardLevel } from '../../../common/hazard';
import { formatDeadline, formatHour } from '../../../common/time';
import type { BulletinContent, BulletinHazardLine, BulletinView } from '../../../common/views';

interface BlacklistRow {
  unitType: string;
  unitId: string;
  name: string;
  reason: string;
  count: number;
}
import { Link, navigate } from '../router';
import { IssueBulletinButton } from './IssueBulletin';
import { useApi } from '../useApi';
import { actorText, useCampaignNames, type CampaignNames } from './campaign-names';

import { hazardNumberText, overallRateText, rateText } from '../../../common/wording';
import { bulletinHazardsCounted, slowAcknowledgementText } from '../../../domain/campaign/bulletins';
import { ACKNOWLEDGEMENT_DUE_WORKING_HOURS } from '../../../domain/hazard/acknowledgement';

const base = (campaignId: string) => `/campaigns/${encodeURIComponent(campaignId)}`;
const csvHref = (campaignId: string, no: number) => `/api/campaigns/${encodeURIComponent(campaignId)}/bulletins/${no}.csv`;
const pdfHref = (campaignId: string, no: number) => `/api/campaigns/${encodeURIComponent(campaignId)}/bulletins/${no}.pdf`;

function useBulletins(campaignId: string) {
  const { data, error } = useApi<{ items: BulletinView[] }>(`/api/campaigns/${encodeURIComponent(campaignId)}/bulletins`);
  return { items: data?.items, error };
}

function Heading({ campaignId, names, title }: { campaignId: string; names?: CampaignNames; title: string }) {
  return (
    <>
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        <Link to={base(campaignId)} data-testid="back-to-campaign">
          ← {names?.campaignName || '返回专项行动'}
        </Link>
      </Typography.Paragraph>
      <Typography.Title level={4} className="page-title break" data-testid="page-title">
        {title}
      </Typography.Title>
    </>
  );
}

export function BulletinsPage({ campaignId }: { campaignId: string }) {
  const { items, error } = useBulletins(campaignId);
  const names = useCampaignNames(campaignId);
  if (error) return <Result status={error.status === 404 ? '404' : 'warning'} title={error.status === 404 ? '专项行动不存在' : '暂时无法打开'} subTitle={error.message} />;
  return (
    <>
      <Heading campaignId={campaignId} names={names} title="通报" />
      <Space wrap style={{ marginBottom: 12 }}>
        <IssueBulletinButton campaignId={campaignId} />
      </Space>
      {!items || !names ? (
        <Spin />
      ) : items.length === 0 ? (
        <Card size="small">
          <Empty description="尚未发布通报" />
        </Card>
      ) : (
        <Card size="small">
          <List
            data-testid="bulletin-list"
            dataSource={[...items].reverse()}
            renderItem={(b) => (
              <List.Item
                className="work-item"
                data-testid="bulletin-item"
                onClick={() => navigate(`${base(campaignId)}/bulletins/${b.no}`)}
                extra={
                  <Button size="small" href={csvHref(campaignId, b.no)} download onClick={(e) => e.stopPropagation()}>
                    导出
                  </Button>
                }
              >
                <List.Item.Meta
                  title={
                    <Link to={`${base(campaignId)}/bulletins/${b.no}`} onClick={(e) => e.stopPropagation()}>
                      第{b.no}期通报{b.docNo ? `（${b.docNo}）` : ''}
                    </Link>
                  }
                  description={
                    <span className="break">
                      {formatHour(b.issuedAt)}发布 · {(b.triggers ?? [b.trigger]).map((t) => bulletinTriggerLabel(t, names?.obligationTitles)).join('；')}
                      <br />
                      黑榜{b.content.blacklist.length}个单位 · 逾期未整改隐患{b.content.overdueHazards.length}项 · 挂牌督办隐患{b.content.listedSupervision.length}项 · 总体销号率
                      {overallRateText(b.content.closureRate, bulletinHazardsCounted(b.content))}
                    </span>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      )}
    </>
  );
}

export function BulletinPage({ campaignId, no }: { campaignId: string; no: number }) {
  const { items, error } = useBulletins(campaignId);
  const names = useCampaignNames(campaignId);
  if (error) return <Result status={error.status === 404 ? '404' : 'warning'} title={error.status === 404 ? '专项行动不存在' : '暂时无法打开'} subTitle={error.message} />;
  if (!items || !names) return <Spin />;
  const b = items.find((x) => x.no === no);
  if (!b) return <Result status="404" title={`第${no}期通报不存在`} extra={<Button onClick={() => navigate(`${base(campaignId)}/bulletins`)}>返回通报列表</Button>} />;
  const c = b.content;
  const hazardColumns = (deadline: string) => [
    {
      title: '编号',
      key: 'number',
      width: 80,
      render: (_: unknown, h: BulletinHazardLine) => <span data-testid="bulletin-hazard-number">{hazardNumberText({ id: h.hazardId, number: h.number })}</span>,
    },
    { title: '隐患名称', key: 'title', width: 180, render: (_: unknown, h: BulletinHazardLine) => <Link to={`/hazards/${encodeURIComponent(h.hazardId)}`}>{h.title}</Link> },
    {
      title: '等级',
      key: 'level',
      width: 90,
      render: (_: unknown, h: BulletinHazardLine) => (h.level === 'major' ? <Tag color="red">{HAZARD_LEVEL_LABELS.major}</Tag> : (HAZARD_LEVEL_LABELS[h.level as HazardLevel] ?? h.level)),
    },
    { title: '学校', dataIndex: 'schoolName', key: 'school', width: 150 },
    { title: '责任单位', dataIndex: 'responsible', key: 'responsible', width: 140 },
    { title: deadline, key: 'dueAt', width: 160, render: (_: unknown, h: BulletinHazardLine) => (h.dueAt ? formatDeadline(h.dueAt) : '未设定') },
  ];
  return (
    <>
      <Heading campaignId={campaignId} names={names} title={`第${b.no}期通报`} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Button type="primary" href={pdfHref(campaignId, b.no)} download data-testid="bulletin-pdf">
          下载通报文件（PDF）
        </Button>
        <Button href={csvHref(campaignId, b.no)} download data-testid="bulletin-csv">
          导出本期通报（CSV）
        </Button>
        <Link to={`${base(campaignId)}/bulletins`}>全部通报</Link>
      </Space>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2 }} data-testid="bulletin-facts">
          <Descriptions.Item label="期号">第{b.no}期</Descriptions.Item>
          {b.docNo && (
            <Descriptions.Item label="文号">
              <span data-testid="bulletin-doc-no">{b.docNo}</span>
            </Descriptions.Item>
          )}
          <Descriptions.Item label="发布时间">{formatHour(b.issuedAt)}</Descriptions.Item>
          <Descriptions.Item label="发布事由">{(b.triggers ?? [b.trigger]).map((t) => bulletinTriggerLabel(t, names?.obligationTitles)).join('；')}</Descriptions.Item>
          <Descriptions.Item label="发布单位">{actorText(b.issuedBy, names)}</Descriptions.Item>
          <Descriptions.Item label="总体销号率">
            <span data-testid="bulletin-rate">{overallRateText(c.closureRate, bulletinHazardsCounted(c))}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Card size="small" title={`一、黑榜（未按时完成任务的单位，${c.blacklist.length}个）`} style={{ marginBottom: 12 }} data-testid="bulletin-blacklist">
        {c.blacklist.length === 0 ? (
          <Empty description="本期无单位列入黑榜" />
        ) : (
          <Table<BlacklistRow>
            size="small"
            rowKey={(r) => `${r.unitType}:${r.unitId}:${r.reason}`}
            pagination={false}
            scroll={{ x: 480 }}
            dataSource={c.blacklist.flatMap((u) => u.reasons.map((r) => ({ unitType: u.unitType, unitId: u.unitId, name: u.name, reason: r.reason, count: r.count })))}
            columns={[
              { title: '单位', dataIndex: 'name', key: 'name', width: 160, render: (name: string, r) => `${name}（${UNIT_TYPES[r.unitType] ?? r.unitType}）` },
              { title: '事由', dataIndex: 'reason', key: 'reason', width: 240 },
              { title: '次数', dataIndex: 'count', key: 'count', width: 64, align: 'right' as const },
            ]}
          />
        )}
      </Card>

      <Card size="small" title={`二、逾期未整改隐患（${c.overdueHazards.length}项）`} style={{ marginBottom: 12 }} data-testid="bulletin-overdue">
        {c.overdueHazards.length === 0 ? (
          <Empty description="本期无逾期未整改隐患" />
        ) : (
          <Table size="small" rowKey="hazardId" pagination={false} scroll={{ x: 720 }} dataSource={c.overdueHazards} columns={hazardColumns('整改期限')} />
        )}
      </Card>

      <Card size="small" title={`三、挂牌督办隐患（${c.listedSupervision.length}项）`} style={{ marginBottom: 12 }} data-testid="bulletin-listed">
        {c.listedSupervision.length === 0 ? (
          <Empty description="本期无挂牌督办隐患" />
        ) : (
          <Table size="small" rowKey="hazardId" pagination={false} scroll={{ x: 720 }} dataSource={c.listedSupervision} columns={hazardColumns('督办期限')} />
        )}
      </Card>

      <Card size="small" title="四、各单位隐患整改销号率" style={{ marginBottom: 12 }} data-testid="bulletin-closure">
        {c.closureByUnit.length === 0 ? (
          <Empty description="本期尚无隐患" />
        ) : (
          <Table<BulletinContent['closureByUnit'][number]>
            size="small"
            rowKey={(u) => `${u.unitType}:${u.unitId}`}
            pagination={c.closureByUnit.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            scroll={{ x: 420 }}
            dataSource={c.closureByUnit}
            columns={[
              { title: '单位', dataIndex: 'name', key: 'name', width: 160, render: (name: string, u) => `${name}（${UNIT_TYPES[u.unitType] ?? u.unitType}）` },
              { title: '隐患数', dataIndex: 'total', key: 'total', width: 72, align: 'right' as const },
              { title: '已销号', dataIndex: 'closed', key: 'closed', width: 72, align: 'right' as const },
              { title: '销号率', key: 'rate', width: 80, align: 'right' as const, render: (_: unknown, u) => rateText(u.closureRate, u.total) },
            ]}
          />
        )}
      </Card>
      {c.slowAcknowledgements && (
        <Card
          size="small"
          title={`五、签收不及时的单位（${c.slowAcknowledgements.length}项，规定${ACKNOWLEDGEMENT_DUE_WORKING_HOURS}个工作小时内签收）`}
          style={{ marginBottom: 12 }}
          data-testid="bulletin-slow-acknowledgements"
        >
          {c.slowAcknowledgements.length === 0 ? (
            <Empty description="本期无签收不及时的单位" />
          ) : (
            <ol style={{ paddingLeft: 20, margin: 0 }}>
              {c.slowAcknowledgements.map((l) => (
                <li key={l.hazardId} className="break">
                  {slowAcknowledgementText(l)}
                </li>
              ))}
            </ol>
          )}
        </Card>
      )}
      {c.blacklist.length > 0 && <Alert type="info" showIcon title="列入黑榜的单位须在责令限期内完成整改并报送整改情况。" />}
    </>
  );
}
