// 专项行动督办看板 (lead office, bureau): the phases on a timeline with today's line, the numbers
// of GET /api/campaigns/:id/stats, the counts over time (ECharts), the tables by department and
// by school, the report grid (owner × period), the bulletin (通报), CSV exports. It polls while
// the campaign runs.
import { Alert, Button, Card, Col, Empty, List, Row, Select, Space, Spin, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { formatDay, formatDeadline, formatHour, formatLastDay, zonedDate } from '../../../common/time';
import type { CampaignDashboard as Dashboard, CampaignSeriesPoint, ReportCell, UnitCounts } from '../../../common/views';
import { api } from '../api';
import { Link, navigate } from '../router';
import { zhApiError } from '../zh';
import { ledgerHref, type LedgerFilter } from './HazardLedger';
import { usePageTitle } from '../shell';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** How often the page refreshes itself while the campaign runs (ms); tests may shorten it with ?poll=. */
const POLL_MS = 30_000;

import { overallRateText } from '../../../common/wording';

export const COUNT_LABELS: [keyof Omit<CampaignSeriesPoint, 'date' | 'closureRate'>, string][] = [
  ['found', '发现隐患'],
  ['rectified', '已整改'],
  ['verified', '验收销号'],
  ['overdue', '逾期'],
  ['escalated', '督办'],
  ['listedSupervision', '挂牌督办'],
];

export function CampaignDashboard({ id }: { id: string }) {
  const [data, setData] = useState<Dashboard>();
  const [error, setError] = useState<string>();
  const [refreshedAt, setRefreshedAt] = useState<number>();

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const poll = Number(new URLSearchParams(window.location.search).get('poll')) || POLL_MS;
    const load = async () => {
      try {
        const d = await api<Dashboard>('GET', `/api/campaigns/${encodeURIComponent(id)}/dashboard`);
        if (stopped) return;
        setData(d);
        setError(undefined);
        setRefreshedAt(Date.now());
        if (d.campaign.status === 'running') timer = setTimeout(load, poll);
      } catch (err) {
        if (stopped) return;
        setError(zhApiError(err).message);
        timer = setTimeout(load, poll);
      }
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [id]);
  usePageTitle(data?.campaign.name);

  if (!data) return error ? <Alert type="error" showIcon title={error} /> : <Spin />;
  const { campaign, stats } = data;
  const h = stats.hazards;
  // Each count opens the ledger of the hazards it counts (已整改 counts two statuses, which the ledger's one status filter cannot show).
  const ledger = (filter: Partial<Record<LedgerFilter, string>>) => ledgerHref({ campaignId: campaign.id, ...filter });
  const numbers: [string, string, number | string, string | undefined][] = [
    ['found', '发现隐患', h.found, ledger({})],
    ['rectified', '已整改', h.rectified, undefined],
    ['verified', '验收销号', h.verified, ledger({ status: 'closed' })],
    ['overdue', '逾期', h.overdue, ledger({ overdue: 'true' })],
    ['escalated', '督办', h.escalated, ledger({ escalated: 'true' })],
    ['listedSupervision', '挂牌督办', h.listedSupervision, ledger({ listedSupervision: 'true' })],
    ['closureRate', '动态清零率', overallRateText(stats.closureRate, h.total - (h.byStatus.withdrawn ?? 0)), undefined],
  ];
  const csv = (file: string) => `/api/campaigns/${encodeURIComponent(campaign.id)}/${file}`;
  return (
    <>
      <Typography.Title level={4} className="page-title break" data-testid="campaign-name">
        {campaign.name}
      </Typography.Title>
      <Space wrap size={[8, 8]} style={{ marginBottom: 12 }}>
        <Tag color={campaign.status === 'running' ? 'processing' : 'default'}>{campaign.status === 'running' ? '进行中' : '已结束'}</Tag>
        <Typography.Text type="secondary">
          参与学校{campaign.schools}所 · 成员单位{campaign.departments}个 · 已提交自查{campaign.selfInspected}所
        </Typography.Text>
        <Button size="small" href={csv('hazards.csv')} download data-testid="export-hazards">
          导出隐患清单
        </Button>
        <Button size="small" href={csv('hazards.xlsx')} download data-testid="export-hazards-xlsx">
          导出隐患台账（Excel）
        </Button>
        <StatisticsDownloads campaignId={campaign.id} months={campaignMonths(campaign.phases, data.now)} />
        <Button size="small" href={csv('bulletin.csv')} download data-testid="export-bulletin">
          导出通报
        </Button>
        <Button size="small" onClick={() => navigate(`/campaigns/${encodeURIComponent(campaign.id)}/bulletins`)} data-testid="open-bulletins">
          历期通报
        </Button>
        <Button size="small" onClick={() => navigate(`/campaigns/${encodeURIComponent(campaign.id)}/audit`)} data-testid="open-audit">
          工作留痕
        </Button>
      </Space>
      {error && <Alert type="warning" showIcon title={`刷新失败：${error}`} style={{ marginBottom: 12 }} />}

      {data.targets.length > 0 && (
        <Card title="工作目标（一校一档）" size="small" style={{ marginBottom: 12 }} data-testid="targets">
          <List
            size="small"
            dataSource={data.targets}
            renderItem={(t) => (
              <List.Item key={t.key} data-testid={`target-${t.key}`}>
                <div style={{ width: '100%', minWidth: 0 }}>
                  <Space wrap size={[8, 4]}>
                    <Typography.Text strong>{t.label}</Typography.Text>
                    <Tag color={t.reached ? 'success' : 'error'}>{t.rate === null ? '不适用' : `${Math.round(t.rate * 1000) / 10}%`}</Tag>
                    <Typography.Text type="secondary">
                      目标{t.goal}% · 达标{t.met}/{t.applicable}所
                    </Typography.Text>
                  </Space>
                  {t.source && (
                    <Typography.Paragraph type="secondary" className="break" style={{ margin: '4px 0 0' }}>
                      “{t.source}”
                    </Typography.Paragraph>
                  )}
                  {t.short.length > 0 && <ShortSchools targetKey={t.key} short={t.short} />}
                </div>
              </List.Item>
            )}
          />
        </Card>
      )}

      <Card title="工作阶段" size="small" style={{ marginBottom: 12 }}>
        <PhaseTimeline phases={campaign.phases} now={Date.parse(data.now)} />
      </Card>

      <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="numbers">
        {numbers.map(([key, label, value, href]) => {
          const card = (
            <Card size="small" hoverable={!!href} data-testid={`number-${key}`}>
              <Statistic
                title={label}
                value={value}
                valueStyle={
                  key === 'overdue' || key === 'listedSupervision'
                    ? { color: Number(value) ? '#cf1322' : undefined }
                    : typeof value === 'string' && value.length > 6
                      ? { fontSize: 16 }
                      : undefined
                }
              />
            </Card>
          );
          return (
            <Col flex="1 1 150px" key={key}>
              {href ? (
                <Link to={href} className="count-link" title={`查看${label}隐患台账`} data-testid={`ledger-${key}`}>
                  {card}
                </Link>
              ) : (
                card
              )}
            </Col>
          );
        })}
      </Row>

      <Card title="隐患整改趋势" size="small" style={{ marginBottom: 12 }}>
        {data.series.length ? <TrendChart series={data.series} /> : <Empty description="行动尚未开始" />}
      </Card>

      <Card size="small" style={{ marginBottom: 12 }}>
        <Tabs
          items={[
            {
              key: 'departments',
              label: '按成员单位',
              children: <UnitTable rows={data.departments} unit="成员单位" testId="table-departments" ledger={(id, f) => ledger({ departmentId: id, ...f })} />,
            },
            { key: 'schools', label: '按学校', children: <UnitTable rows={data.schools} unit="学校" testId="table-schools" ledger={(id, f) => ledger({ schoolId: id, ...f })} /> },
          ]}
        />
      </Card>

      <Card title="报送情况" size="small" style={{ marginBottom: 12 }} data-testid="reports">
        {data.obligations.length === 0 ? <Empty description="本次行动无报送事项" /> : data.obligations.map((o) => <ReportGrid key={o.key} obligation={o} />)}
      </Card>

      <Card title="通报" size="small" style={{ marginBottom: 12 }} data-testid="bulletin">
        {data.bulletin.length === 0 ? (
          <Empty description="暂无通报事项" />
        ) : (
          <List
            size="small"
            dataSource={data.bulletin}
            renderItem={(b) => (
              <List.Item>
                <span className="break">
                  {formatHour(b.at)} <b>{b.name}</b>：{b.reason}
                </span>
              </List.Item>
            )}
          />
        )}
      </Card>
      {refreshedAt && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          数据更新于{formatHour(refreshedAt)}
          {campaign.status === 'running' ? '，页面自动刷新' : ''}
        </Typography.Paragraph>
      )}
    </>
  );
}

/** The phases as bars over the campaign's span, with today's line. */
function PhaseTimeline({ phases, now }: { phases: Dashboard['campaign']['phases']; now: number }) {
  const start = Math.min(...phases.map((p) => Date.parse(p.startAt)));
  const end = Math.max(...phases.map((p) => Date.parse(p.endAt)));
  const pos = (t: number) => `${Math.min(100, Math.max(0, ((t - start) / (end - start)) * 100))}%`;
  const inside = now >= start && now <= end;
  const statusTag = { pending: <Tag>未开始</Tag>, open: <Tag color="processing">进行中</Tag>, closed: <Tag color="success">已结束</Tag> };
  return (
    <div className="phase-timeline" data-testid="phases">
      {phases.map((p) => (
        <div className="phase-row" key={p.key} data-testid="phase">
          <div className="phase-label">
            <b>{p.label}</b> {statusTag[p.status]}
            <div className="phase-dates">
              {formatDay(p.startAt)}至{formatLastDay(p.endAt)}
            </div>
          </div>
          <div className="phase-track">
            <div className={`phase-bar phase-${p.status}`} style={{ left: pos(Date.parse(p.startAt)), width: `calc(${pos(Date.parse(p.endAt))} - ${pos(Date.parse(p.startAt))})` }} />
            {inside && <div className="today-line" style={{ left: pos(now) }} />}
          </div>
        </div>
      ))}
      <div className="phase-row">
        <div className="phase-label" />
        <div className="phase-track phase-axis">
          {inside ? (
            <span className="today-label" style={{ left: pos(now), transform: `translateX(-${pos(now)})` }} data-testid="today">
              今天（{formatDay(now)}）
            </span>
          ) : (
            <span className="phase-dates" data-testid="today">
              今天（{formatDay(now)}）{now < start ? '，行动尚未开始' : '，行动已结束'}
            </span>
          )}
        </div>
      </div>
    </div>
  );
}

function TrendChart({ series }: { series: CampaignSeriesPoint[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    const day = (d: string) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 36, right: 44, top: 56, bottom: 24 },
      xAxis: { type: 'category', data: series.map((p) => day(p.date)), boundaryGap: false },
      yAxis: [
        { type: 'value', minInterval: 1, name: '项' },
        { type: 'value', min: 0, max: 100, name: '清零率', axisLabel: { formatter: '{value}%' } },
      ],
      series: [
        ...COUNT_LABELS.map(([key, label]) => ({ name: label, type: 'line', data: series.map((p) => p[key]), symbolSize: 4 })),
        { name: '动态清零率', type: 'line', yAxisIndex: 1, data: series.map((p) => Math.round(p.closureRate * 1000) / 10), lineStyle: { type: 'dashed' }, symbolSize: 4 },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [series]);
  return <div ref={ref} style={{ width: '100%', height: 300 }} data-testid="trend-chart" />;
}

type UnitRow = { id: string; name: string } & UnitCounts;

/** The counts of each department or school; its name, and the counts the ledger can filter exactly, open its ledger. */
function UnitTable({ rows, unit, testId, ledger }: { rows: UnitRow[]; unit: string; testId: string; ledger(id: string, filter: Partial<Record<LedgerFilter, string>>): string }) {
  const LINKED: Partial<Record<keyof UnitCounts, Partial<Record<LedgerFilter, string>>>> = { overdue: { overdue: 'true' }, escalated: { escalated: 'true' }, closed: { status: 'closed' } };
  const num = (key: keyof UnitCounts, title: string) => ({
    title,
    dataIndex: key,
    key,
    sorter: (a: UnitCounts, b: UnitCounts) => a[key] - b[key],
    width: 72,
    align: 'right' as const,
    render: (n: number, r: UnitRow) => (LINKED[key] && n > 0 ? <Link to={ledger(r.id, LINKED[key])}>{n}</Link> : n),
  });
  return (
    <div data-testid={testId}>
      <Table
        size="small"
        rowKey="id"
        dataSource={rows}
        pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        scroll={{ x: 520 }}
        columns={[
          {
            title: unit,
            dataIndex: 'name',
            key: 'name',
            sorter: (a, b) => a.name.localeCompare(b.name, 'zh'),
            fixed: 'left',
            width: 150,
            render: (name: string, r) => <Link to={ledger(r.id, {})}>{name}</Link>,
          },
          num('total', '隐患'),
          num('open', '未销号'),
          num('overdue', '逾期'),
          num('escalated', '督办'),
          num('closed', '已销号'),
        ]}
      />
    </div>
  );
}

const CELL: Record<ReportCell['state'], { label: string; color: string }> = {
  on_time: { label: '按时', color: 'success' },
  late: { label: '逾期', color: 'warning' },
  missing: { label: '未报', color: 'error' },
  pending: { label: '未到期', color: 'default' },
};

function ReportGrid({ obligation }: { obligation: Dashboard['obligations'][number] }) {
  const periodTitle = (p: { period: string; dueAt: string }) => (p.period === 'once' ? `${formatDeadline(p.dueAt)}前` : `${formatDeadline(p.dueAt).replace(/^\d+年/, '')}前`);
  return (
    <div style={{ marginBottom: 16 }} data-testid="report-grid">
      <Typography.Text strong className="break">
        {obligation.title}
      </Typography.Text>
      <Table
        size="small"
        rowKey="id"
        dataSource={obligation.owners}
        pagination={obligation.owners.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
        scroll={{ x: 150 + obligation.periods.length * 110 }}
        columns={[
          { title: '报送单位', dataIndex: 'name', key: 'name', fixed: 'left', width: 150 },
          ...obligation.periods.map((p, i) => ({
            title: periodTitle(p),
            key: p.period,
            width: 110,
            render: (_: unknown, o: Dashboard['obligations'][number]['owners'][number]) => <Tag color={CELL[o.cells[i].state].color}>{CELL[o.cells[i].state].label}</Tag>,
          })),
        ]}
      />
    </div>
  );
}

/** The months (YYYY-MM, Beijing time) from the campaign's first day to today or its last day, the latest first. */
export function campaignMonths(phases: { startAt: string; endAt: string }[], now: string): string[] {
  if (!phases.length) return [];
  const first = zonedDate(phases.reduce((a, p) => (p.startAt < a ? p.startAt : a), phases[0].startAt)).slice(0, 7);
  const endAt = phases.reduce((a, p) => (p.endAt > a ? p.endAt : a), phases[0].endAt);
  // A campaign not yet begun: its first month.
  const last = [first, zonedDate(Math.min(Date.parse(now), Date.parse(endAt) - 1)).slice(0, 7)].sort()[1];
  const months: string[] = [];
  for (let [y, m] = first.split('-').map(Number); `${y}-${String(m).padStart(2, '0')}` <= last && months.length < 120; m === 12 ? ((y += 1), (m = 1)) : (m += 1))
    months.push(`${y}-${String(m).padStart(2, '0')}`);
  return months.reverse();
}

/** 统计报表 of a month, as Excel or CSV (the reader's remit, as the API has it). */
function StatisticsDownloads({ campaignId, months }: { campaignId: string; months: string[] }) {
  const [month, setMonth] = useState(months[0]);
  if (!month) return null;
  const href = (ext: 'xlsx' | 'csv') => `/api/campaigns/${encodeURIComponent(campaignId)}/statistics.${ext}?period=${month}`;
  return (
    <Space.Compact size="small">
      <Select
        size="small"
        value={month}
        onChange={setMonth}
        aria-label="统计月份"
        data-testid="statistics-month"
        options={months.map((m) => ({ value: m, label: `${Number(m.slice(0, 4))}年${Number(m.slice(5))}月` }))}
        style={{ width: 112 }}
      />
      <Button size="small" href={href('xlsx')} download data-testid="export-statistics-xlsx">
        统计报表（Excel）
      </Button>
      <Button size="small" href={href('csv')} download data-testid="export-statistics-csv">
        CSV
      </Button>
    </Space.Compact>
  );
}

/** How many of a target's schools short of it are listed before 展开: on a phone the 32 of a new campaign would be three screens per target. */
const SHORT_SHOWN = 5;

/** The schools short of a target: the first few, the rest behind 展开全部. */
function ShortSchools({ targetKey, short }: { targetKey: string; short: { schoolId: string; name: string; reason: string }[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? short : short.slice(0, SHORT_SHOWN);
  return (
    <>
      <ul style={{ margin: '4px 0 0', paddingLeft: 20 }} data-testid={`target-short-${targetKey}`}>
        {shown.map((s) => (
          <li key={s.schoolId} className="break">
            {s.name}：{s.reason}
          </li>
        ))}
      </ul>
      {short.length > SHORT_SHOWN && (
        <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => setAll(!all)} data-testid={`target-short-toggle-${targetKey}`}>
          {all ? '收起' : `展开全部${short.length}所未达标学校`}
        </Button>
      )}
    </>
  );
}
