// 隐患详情: the facts, the evidence photos, the deadline ladder as a timeline, the history, and
// the forms of the actions this person may take now (HazardActions.tsx, loaded once the facts are
// painted). The page a mail link opens, on a phone network: it draws with little of antd (tags,
// the facts' table, the photos) and its own markup for the sections and timelines.
import { Descriptions, Image, Spin, Tag } from 'antd';
import { lazy, Suspense, useCallback, useMemo } from 'react';
import {
  HAZARD_CATEGORY_LABELS,
  HAZARD_LEVEL_LABELS,
  HAZARD_STATUS_LABELS,
  personLabel,
  ROLE_LABELS,
  type HazardCategory,
  type HazardLevel,
  type HazardStatus,
  type Role,
} from '../../../common/hazard';
import { HAZARD_EVENT_LABELS } from '../../../common/event-labels';
import { describeTimeLeft, formatDeadline, formatHour } from '../../../common/time';
import { hazardNumberText } from '../../../common/wording';
import type { HazardView, TimelineRung } from '../api';
import type { Directory } from './HazardActions';
import { useApi } from '../useApi';
import { useSession } from '../session';
import { isReadOnlySubject } from '../../../common/link-subjects';
import { ACKNOWLEDGED_NOTICE_LABELS } from '../../../domain/hazard/acknowledgement';
import { NotShown, shownStatus, usePageTitle } from '../shell';

const ESCALATION_LABELS = ['未升级', '已通知分管领导', '已提请教育局、领导小组办公室督办', '已报属地政府挂牌督办'];

function actorName(actor: string, dir: Directory | undefined): string {
  const [role, unit] = actor.split(':');
  if (role === 'system') return '系统';
  if (unit && (role === 'department' || role === 'bureau')) return dir?.departments.find((d) => d.id === unit)?.name ?? unit;
  if (unit && role === 'school') return dir?.schools.get(unit) ?? unit;
  return ROLE_LABELS[role as Role] ?? actor;
}

/** This app's own photo: /api/uploads/<id>. */
const uploadPath = (url: string) => {
  const m = /\/api\/uploads\/([0-9a-f-]{36})$/.exec(url);
  return m ? `/api/uploads/${m[1]}` : undefined;
};

/**
 * The forms, after the page has painted its facts (the next frame, then a task): their chunk's
 * download does not hold back the hazard's title on a slow network.
 */
const afterPaint = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
const HazardActions = lazy(() =>
  afterPaint()
    .then(() => import('./HazardActions'))
    .then((m) => ({ default: m.Actions })),
);

/** `opens`: the action whose form the page opens on (a 工作台 item's ?action=, e.g. 签收), when it is offered. */
export function HazardPage({ id, opens }: { id: string; opens?: string }) {
  const { me } = useSession();
  const path = `/api/hazards/${encodeURIComponent(id)}`;
  const hazard = useApi<HazardView>(path);
  const timeline = useApi<{ rungs: TimelineRung[] }>(`${path}/timeline`);
  const schools = useApi<{ items: { id: string; name: string }[] }>('/api/schools');
  const departments = useApi<{ items: { id: string; name: string }[] }>('/api/departments');
  const dir = useMemo<Directory | undefined>(
    () =>
      schools.data && departments.data
        ? { schools: new Map(schools.data.items.map((x) => [x.id, x.name])), departments: departments.data.items.map((x) => ({ id: x.id, name: x.name })) }
        : undefined,
    [schools.data, departments.data],
  );
  /** After an action: the hazard and its timeline as they are now. */
  const { reload: reloadHazard } = hazard;
  const { reload: reloadTimeline } = timeline;
  const load = useCallback(async () => {
    await Promise.all([reloadHazard(), reloadTimeline()]);
  }, [reloadHazard, reloadTimeline]);
  const view = hazard.data;
  const rungs = timeline.data?.rungs ?? [];
  const error = hazard.error;
  usePageTitle(view ? `隐患 ${view.title}` : undefined);

  if (error)
    return <NotShown status={shownStatus(error.status)} title={error.status === 404 ? '隐患不存在' : error.status === 403 ? '无权查看此隐患' : '暂时无法打开'} subTitle={error.message} />;
  if (!view || !me) return <Spin style={{ display: 'block', margin: 64 }} />;

  const status = view.status as HazardStatus;
  const ack = view.acknowledgement;
  const deadline = view.listedSupervision ? view.governmentDueAt : view.dueAt;
  const open = status === 'assigned' || status === 'rectifying';
  const cooperating = view.cooperatingDepartmentIds ?? [];
  const responsibleName =
    view.responsible.type === 'department'
      ? actorName(`department:${view.responsible.id}`, dir)
      : view.responsible.type === 'school'
        ? actorName(`school:${view.responsible.id}`, dir)
        : '区教育局';
  return (
    <div className="hazard-page">
      <section className="sheet">
        <div className="tag-row">
          <Tag color={view.level === 'major' ? 'red' : 'blue'}>{HAZARD_LEVEL_LABELS[view.level as HazardLevel] ?? view.level}</Tag>
          <Tag color={status === 'closed' ? 'green' : status === 'withdrawn' ? 'default' : 'processing'} data-testid="status">
            {HAZARD_STATUS_LABELS[status] ?? status}
          </Tag>
          {view.overdue && open && <Tag color="red">已逾期</Tag>}
          {view.listedSupervision && <Tag color="volcano">挂牌督办</Tag>}
        </div>
        <h1 className="page-title hazard-title break" data-testid="hazard-title">
          {view.title}
        </h1>
        <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} bordered>
          <Descriptions.Item label="隐患编号">
            <span className="break" data-testid="hazard-number">
              {hazardNumberText(view)}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label="所在学校">{dir?.schools.get(view.schoolId) ?? view.schoolId}</Descriptions.Item>
          <Descriptions.Item label="隐患类别">{HAZARD_CATEGORY_LABELS[view.category as HazardCategory] ?? view.category}</Descriptions.Item>
          <Descriptions.Item label={cooperating.length ? '牵头单位' : '责任单位'}>{responsibleName}</Descriptions.Item>
          {cooperating.length > 0 && (
            <Descriptions.Item label="配合单位">
              <span data-testid="cooperating">{cooperating.map((id) => actorName(`department:${id}`, dir)).join('、')}</span>
            </Descriptions.Item>
          )}
          {view.rectificationOwner && (
            <Descriptions.Item label="整改责任人">
              <span data-testid="rectification-owner">{personLabel(view.rectificationOwner)}</span>
            </Descriptions.Item>
          )}
          {view.supervisionOwner && (
            <Descriptions.Item label="督办责任人">
              <span data-testid="supervision-owner">{personLabel(view.supervisionOwner)}</span>
            </Descriptions.Item>
          )}
          {view.location && <Descriptions.Item label="隐患位置">{view.location}</Descriptions.Item>}
          <Descriptions.Item label={view.listedSupervision ? '督办期限' : '整改期限'}>
            {deadline ? (
              <>
                {formatDeadline(deadline)}前{open && <span style={{ color: view.overdue ? '#cf1322' : '#595959' }}>（{describeTimeLeft(deadline)}）</span>}
              </>
            ) : (
              '待交办时明确'
            )}
          </Descriptions.Item>
          <Descriptions.Item label="督办状态">{ESCALATION_LABELS[view.escalationLevel] ?? view.escalationLevel}</Descriptions.Item>
          {ack && (
            <Descriptions.Item label="签收">
              <span data-testid="acknowledgement">
                {ack.acknowledgedAt
                  ? `${ack.acknowledgedBy ? actorName(ack.acknowledgedBy, dir) : ''}已于${formatHour(ack.acknowledgedAt)}签收${ACKNOWLEDGED_NOTICE_LABELS[ack.notice]}`
                  : `${ACKNOWLEDGED_NOTICE_LABELS[ack.notice]}于${formatHour(ack.issuedAt)}发出，待签收`}
              </span>
            </Descriptions.Item>
          )}
          {view.rejectionCount > 0 && <Descriptions.Item label="验收未通过">{view.rejectionCount}次</Descriptions.Item>}
          {view.pendingExtension && (
            <Descriptions.Item label="延期申请">
              申请延至{formatDeadline(view.pendingExtension.requestedDueAt)}，理由：{view.pendingExtension.reason}（待审批）
            </Descriptions.Item>
          )}
          {view.description && (
            <Descriptions.Item label="隐患描述" span={2}>
              {view.description}
            </Descriptions.Item>
          )}
        </Descriptions>
      </section>

      {isReadOnlySubject(me.subject) && (
        <p className="secondary" data-testid="read-only">
          本页面供抄送单位查看隐患办理情况（只读）；办理由主送单位通过其通知中的链接进行。
        </p>
      )}

      <Sheet title="佐证材料（整改前后照片）">
        <Evidence urls={view.evidence} />
      </Sheet>

      {view.actions.length > 0 && (
        <Suspense
          fallback={
            <Sheet title="办理" testId="actions-loading">
              <Spin size="small" />
            </Sheet>
          }
        >
          <HazardActions view={view} dir={dir} onDone={load} opens={opens} />
        </Suspense>
      )}

      <Sheet title="督办时间线">
        <ol className="timeline" data-testid="ladder">
          {[...rungs]
            .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
            .map((r) => (
              <li
                key={`${r.kind}-${r.at}`}
                className={`timeline-${r.state === 'upcoming' ? 'gray' : r.kind.includes('government') || r.kind.includes('listed') ? 'red' : r.kind === 'deadline_reminder' ? 'blue' : 'orange'}`}
              >
                <strong>{formatHour(r.at)}</strong> {r.label}
                {r.state === 'upcoming' ? (
                  <Tag style={{ marginLeft: 6 }}>尚未到期</Tag>
                ) : (
                  <Tag color="default" style={{ marginLeft: 6 }}>
                    已发出
                  </Tag>
                )}
              </li>
            ))}
        </ol>
        {!rungs.some((r) => r.state === 'upcoming') && (
          <span className="secondary">
            {status === 'rectified'
              ? '整改情况已报告，整改期限停止计时，等待验收。'
              : status === 'closed' || status === 'withdrawn'
                ? '本隐患已办结，无后续督办节点。'
                : rungs.length
                  ? ''
                  : '暂无督办节点。'}
          </span>
        )}
      </Sheet>

      <Sheet title="办理记录">
        <ol className="timeline" data-testid="history">
          {(view.history ?? []).map((h, i) => (
            <li key={i} className="timeline-blue">
              <div>
                <strong>{formatHour(h.at)}</strong> {actorName(h.actor, dir)} {HAZARD_EVENT_LABELS[h.action] ?? h.action}
              </div>
              {h.note && <div className="break secondary">{h.note}</div>}
            </li>
          ))}
        </ol>
      </Sheet>
    </div>
  );
}

/** A section of the page, as a card: its title and content (antd's Card would bring its tabs and menus). */
function Sheet({ title, testId, children }: { title: string; testId?: string; children: React.ReactNode }) {
  return (
    <section className="sheet sheet-small" data-testid={testId}>
      <h2 className="sheet-title">{title}</h2>
      <div className="sheet-body">{children}</div>
    </section>
  );
}

function Evidence({ urls }: { urls: string[] }) {
  if (!urls.length) return <span className="secondary">暂无。</span>;
  const photos = urls.map(uploadPath).filter((p): p is string => !!p);
  const others = urls.filter((u) => !uploadPath(u));
  return (
    <>
      <div className="evidence-thumbs" data-testid="evidence">
        <Image.PreviewGroup>
          {photos.map((p) => (
            <Image key={p} width={96} height={96} style={{ objectFit: 'cover' }} src={`${p}/thumbnail`} preview={{ src: p }} alt="佐证照片" />
          ))}
        </Image.PreviewGroup>
      </div>
      {others.map((u) => (
        <div key={u} className="break">
          <a href={u} target="_blank" rel="noreferrer">
            {u}
          </a>
        </div>
      ))}
    </>
  );
}
