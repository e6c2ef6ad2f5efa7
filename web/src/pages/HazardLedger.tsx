// 隐患台账 (the lead office, the bureau, the local government): GET /api/hazards as the API scopes
// it to the viewer, filtered by the URL's query (status, overdue, 挂牌督办, escalated, level,
// category, department, school, campaign) so a filtered ledger is a link; each hazard to its
// page; 20 a page. A table on a desktop, a card list on a phone.
import { Alert, Button, Card, Col, Empty, Grid, List, Pagination, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { hazardListQuerySchema } from '../../../api/hazard-schemas';
import { HAZARD_CATEGORY_LABELS, HAZARD_LEVEL_LABELS, HAZARD_STATUS_LABELS, HAZARD_STATUSES, type HazardCategory, type HazardLevel, type HazardStatus } from '../../../common/hazard';
import { formatDeadline } from '../../../common/time';
import { hazardNumberText } from '../../../common/wording';
import type { CampaignListItem } from '../../../common/views';
import type { HazardView } from '../api';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { useApi } from '../useApi';

const PAGE_SIZE = 20;

/** The filters of the ledger, in the order the page shows them; each is a parameter of GET /api/hazards of the same name. */
export const LEDGER_FILTERS = ['campaignId', 'departmentId', 'schoolId', 'status', 'level', 'overdue', 'listedSupervision', 'escalated', 'category'] as const;
export type LedgerFilter = (typeof LEDGER_FILTERS)[number];

const FILTER_LABELS: Record<LedgerFilter, string> = {
  campaignId: '专项行动',
  status: '状态',
  level: '等级',
  overdue: '逾期',
  listedSupervision: '挂牌督办',
  escalated: '督办',
  category: '类别',
  departmentId: '责任单位',
  schoolId: '学校',
};

/** A yes-or-no filter as its chip reads (its list reads 是 / 否 after the filter's name). */
const YES_NO: Record<'overdue' | 'listedSupervision' | 'escalated', { true: string; false: string }> = {
  overdue: { true: '已逾期', false: '未逾期' },
  listedSupervision: { true: '挂牌督办', false: '未挂牌督办' },
  escalated: { true: '已提请督办', false: '未提请督办' },
};
const YES_NO_OPTIONS = [
  { value: 'true', label: '是' },
  { value: 'false', label: '否' },
];

/** The ledger's link with these filters (the dashboard's counts use it). */
export const ledgerHref = (filters: Partial<Record<LedgerFilter, string>>): string => {
  const q = new URLSearchParams();
  for (const key of LEDGER_FILTERS) if (filters[key]) q.set(key, filters[key]);
  const s = q.toString();
  return s ? `/hazards?${s}` : '/hazards';
};

/** The filters of a query string: what the API's own schema accepts, the rest dropped. */
function filtersOf(query: string): { filters: Partial<Record<LedgerFilter, string>>; page: number } {
  const params = new URLSearchParams(query);
  const filters: Partial<Record<LedgerFilter, string>> = {};
  for (const key of LEDGER_FILTERS) {
    const value = params.get(key);
    if (value && hazardListQuerySchema.shape[key].safeParse(value).success) filters[key] = value;
  }
  const page = Number(params.get('page'));
  return { filters, page: Number.isInteger(page) && page > 1 ? page : 1 };
}

interface Unit {
  id: string;
  name: string;
  kind?: string;
}

export function HazardLedgerPage({ query }: { query: string }) {
  const { me } = useSession();
  const phone = !Grid.useBreakpoint().md;
  const [showFilters, setShowFilters] = useState(false);
  const { filters, page } = filtersOf(query);
  const office = me?.role === 'lead' || me?.role === 'bureau';

  const listQuery = new URLSearchParams(Object.entries<string>(filters));
  listQuery.set('limit', String(PAGE_SIZE));
  listQuery.set('offset', String((page - 1) * PAGE_SIZE));
  const list = useApi<{ items: HazardView[]; total: number }>(`/api/hazards?${listQuery}`, { keepData: true });
  const departments = useApi<{ items: Unit[] }>('/api/departments');
  const schools = useApi<{ items: Unit[] }>('/api/schools');
  // The campaigns to choose from (the lead office's and the bureau's list); others see the one of the link.
  const campaigns = useApi<{ items: CampaignListItem[] }>(office ? '/api/campaigns' : null);
  const oneCampaign = useApi<{ id: string; name: string }>(!office && filters.campaignId ? `/api/campaigns/${encodeURIComponent(filters.campaignId)}` : null);

  const schoolName = new Map((schools.data?.items ?? []).map((s) => [s.id, s.name]));
  const departmentName = new Map((departments.data?.items ?? []).map((d) => [d.id, d.name]));
  const bureauName = departments.data?.items.find((d) => d.kind === 'education_bureau')?.name ?? '教育局';
  const campaignOptions = office
    ? (campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))
    : oneCampaign.data
      ? [{ value: oneCampaign.data.id, label: oneCampaign.data.name }]
      : [];

  const go = (next: Partial<Record<LedgerFilter, string>>, nextPage = 1) => {
    const href = ledgerHref(next);
    navigate(nextPage > 1 ? `${href}${href.includes('?') ? '&' : '?'}page=${nextPage}` : href);
  };
  const set = (key: LedgerFilter, value: string | undefined) => go({ ...filters, [key]: value });

  const options: Record<LedgerFilter, { value: string; label: string }[]> = {
    campaignId: campaignOptions,
    status: HAZARD_STATUSES.map((s) => ({ value: s, label: HAZARD_STATUS_LABELS[s] })),
    level: (Object.keys(HAZARD_LEVEL_LABELS) as HazardLevel[]).map((l) => ({ value: l, label: HAZARD_LEVEL_LABELS[l] })),
    overdue: YES_NO_OPTIONS,
    listedSupervision: YES_NO_OPTIONS,
    escalated: YES_NO_OPTIONS,
    category: (Object.keys(HAZARD_CATEGORY_LABELS) as HazardCategory[]).map((c) => ({ value: c, label: HAZARD_CATEGORY_LABELS[c] })),
    departmentId: (departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name })),
    schoolId: (schools.data?.items ?? []).map((s) => ({ value: s.id, label: s.name })),
  };
  /** A chosen filter as people read it: "挂牌督办", "未逾期", "状态：整改中". */
  const chosenLabel = (key: LedgerFilter, value: string) => {
    if (key === 'overdue' || key === 'listedSupervision' || key === 'escalated') return YES_NO[key][value as 'true' | 'false'];
    return `${FILTER_LABELS[key]}：${options[key].find((o) => o.value === value)?.label ?? value}`;
  };
  const wide = (key: LedgerFilter) => key === 'campaignId' || key === 'departmentId' || key === 'schoolId';
  const shown = LEDGER_FILTERS.filter((key) => key !== 'campaignId' || office || filters.campaignId);
  const active = LEDGER_FILTERS.filter((key) => filters[key]);

  const responsibleOf = (h: HazardView) =>
    h.responsible.type === 'department'
      ? (departmentName.get(h.responsible.id ?? '') ?? h.responsible.id)
      : h.responsible.type === 'school'
        ? (schoolName.get(h.responsible.id ?? '') ?? h.responsible.id)
        : bureauName;
  const deadlineOf = (h: HazardView) => (h.listedSupervision ? h.governmentDueAt : h.dueAt);
  const open = (h: HazardView) => h.status !== 'closed' && h.status !== 'withdrawn';
  const tags = (h: HazardView, withLevel: boolean) => (
    <>
      {withLevel && h.level === 'major' && <Tag color="red">{HAZARD_LEVEL_LABELS.major}</Tag>}
      <Tag color={h.status === 'closed' ? 'green' : h.status === 'withdrawn' ? 'default' : 'processing'}>{HAZARD_STATUS_LABELS[h.status as HazardStatus] ?? h.status}</Tag>
      {h.overdue && open(h) && <Tag color="red">已逾期</Tag>}
      {h.listedSupervision && <Tag color="volcano">挂牌督办</Tag>}
    </>
  );
  const deadlineText = (h: HazardView) => {
    const at = deadlineOf(h);
    return at ? `${h.listedSupervision ? '督办期限' : '整改期限'}：${formatDeadline(at)}前` : '整改期限：待交办时明确';
  };

  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const filterPanel = (
    <Row gutter={[8, 8]} data-testid="ledger-filters">
      {shown.map((key) => (
        <Col key={key} xs={wide(key) ? 24 : 12} sm={wide(key) ? 12 : 8} lg={wide(key) ? 8 : 4} data-testid={`filter-${key}`}>
          <Select
            style={{ width: '100%' }}
            prefix={FILTER_LABELS[key]}
            placeholder="全部"
            allowClear
            showSearch={wide(key) || key === 'category' ? { optionFilterProp: 'label' } : false}
            value={filters[key]}
            options={options[key]}
            onChange={(v: string | undefined) => set(key, v)}
            popupMatchSelectWidth={false}
          />
        </Col>
      ))}
    </Row>
  );

  return (
    <>
      <Typography.Title level={4} className="page-title">
        隐患台账
      </Typography.Title>
      {me?.role === 'government' && <Typography.Paragraph type="secondary">本台账列出本辖区报请属地政府挂牌督办的隐患和重大隐患。</Typography.Paragraph>}
      <Card size="small" style={{ marginBottom: 12 }}>
        {phone ? (
          <>
            <Space wrap size={[6, 6]}>
              <Button size="small" onClick={() => setShowFilters((s) => !s)} data-testid="toggle-filters">
                {showFilters ? '收起筛选' : `筛选${active.length ? `（已选${active.length}项）` : ''}`}
              </Button>
            </Space>
            {showFilters && <div style={{ marginTop: 8 }}>{filterPanel}</div>}
          </>
        ) : (
          filterPanel
        )}
        {active.length > 0 && (
          <Space wrap size={[4, 6]} style={{ marginTop: 8 }} data-testid="ledger-active-filters">
            {active.map((key) => (
              <Tag key={key} closable onClose={() => set(key, undefined)} style={{ marginInlineEnd: 0 }}>
                <span className="break">{chosenLabel(key, filters[key]!)}</span>
              </Tag>
            ))}
            <Button type="link" size="small" onClick={() => go({})}>
              清除全部
            </Button>
          </Space>
        )}
      </Card>

      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      {list.data && (
        <Typography.Paragraph type="secondary" data-testid="ledger-total">
          共{total}项{total > PAGE_SIZE ? `，第${page}页` : ''}
        </Typography.Paragraph>
      )}
      <Card size="small" styles={{ body: phone ? { padding: '0 12px' } : undefined }}>
        {phone ? (
          <List
            loading={list.loading}
            dataSource={items}
            locale={{ emptyText: <Empty description="没有符合条件的隐患" /> }}
            renderItem={(h) => (
              <List.Item className="work-item" data-testid="ledger-row" onClick={() => navigate(`/hazards/${encodeURIComponent(h.id)}`)}>
                <div style={{ width: '100%', minWidth: 0 }}>
                  {h.number ? (
                    <Typography.Text type="secondary" data-testid="ledger-number" style={{ marginRight: 6 }}>
                      {hazardNumberText(h)}
                    </Typography.Text>
                  ) : null}
                  <Link className="break" to={`/hazards/${encodeURIComponent(h.id)}`} onClick={(e) => e.stopPropagation()} data-testid="ledger-link">
                    {h.title}
                  </Link>
                  <div style={{ margin: '4px 0' }}>
                    <Space size={[4, 4]} wrap>
                      {tags(h, true)}
                    </Space>
                  </div>
                  <div className="break" style={{ color: 'rgba(0,0,0,0.55)', fontSize: 13 }}>
                    {schoolName.get(h.schoolId) ?? h.schoolId} · {HAZARD_CATEGORY_LABELS[h.category as HazardCategory] ?? h.category}
                    <br />
                    责任单位：{responsibleOf(h)}
                    <br />
                    <span style={{ color: h.overdue && open(h) ? '#cf1322' : undefined }}>{deadlineText(h)}</span>
                  </div>
                </div>
              </List.Item>
            )}
          />
        ) : (
          <Table<HazardView>
            size="small"
            rowKey="id"
            loading={list.loading}
            dataSource={items}
            pagination={false}
            locale={{ emptyText: <Empty description="没有符合条件的隐患" /> }}
            onRow={() => ({ 'data-testid': 'ledger-row' }) as React.HTMLAttributes<HTMLElement>}
            scroll={{ x: 900 }}
            columns={[
              { title: '编号', key: 'number', width: 80, render: (_, h) => <span data-testid="ledger-number">{hazardNumberText(h)}</span> },
              {
                title: '隐患名称',
                key: 'title',
                width: 240,
                render: (_, h) => (
                  <Link className="break" to={`/hazards/${encodeURIComponent(h.id)}`} data-testid="ledger-link">
                    {h.title}
                  </Link>
                ),
              },
              { title: '学校', key: 'school', width: 150, render: (_, h) => schoolName.get(h.schoolId) ?? h.schoolId },
              { title: '类别', key: 'category', width: 100, render: (_, h) => HAZARD_CATEGORY_LABELS[h.category as HazardCategory] ?? h.category },
              {
                title: '等级',
                key: 'level',
                width: 90,
                render: (_, h) => (h.level === 'major' ? <Tag color="red">{HAZARD_LEVEL_LABELS.major}</Tag> : (HAZARD_LEVEL_LABELS[h.level as HazardLevel] ?? h.level)),
              },
              {
                title: '状态',
                key: 'status',
                width: 170,
                render: (_, h) => (
                  <Space size={[4, 4]} wrap>
                    {tags(h, false)}
                  </Space>
                ),
              },
              { title: '责任单位', key: 'responsible', width: 130, render: (_, h) => responsibleOf(h) },
              {
                title: '整改（督办）期限',
                key: 'deadline',
                width: 180,
                render: (_, h) => {
                  const at = deadlineOf(h);
                  return at ? <span style={{ color: h.overdue && open(h) ? '#cf1322' : undefined, whiteSpace: 'nowrap' }}>{formatDeadline(at)}前</span> : '待交办时明确';
                },
              },
            ]}
          />
        )}
      </Card>
      {total > PAGE_SIZE && (
        <Pagination
          style={{ marginTop: 12, textAlign: 'center' }}
          align="center"
          current={page}
          pageSize={PAGE_SIZE}
          total={total}
          showSizeChanger={false}
          simple={phone}
          onChange={(p) => go(filters, p)}
          data-testid="ledger-pages"
        />
      )}
    </>
  );
}
