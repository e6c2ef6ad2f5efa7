// 隐患详情: the facts, the evidence photos, the deadline ladder as a timeline, the history, and
// the forms of the actions this person may take now — validated by the API's own zod schemas.
import { Alert, Button, Card, Collapse, DatePicker, Descriptions, Form, Image, Input, Radio, Result, Select, Space, Spin, Tag, Timeline, Typography, Upload, App as AntApp } from 'antd';
import type { UploadFile } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { z } from 'zod';
import {
  assignSchema,
  escalationSchema,
  extensionDecisionSchema,
  extensionRequestSchema,
  lookBackSchema,
  rectificationSchema,
  verificationSchema,
  withdrawSchema,
} from '../../../api/hazard-schemas';
import { HAZARD_CATEGORY_LABELS, HAZARD_LEVEL_LABELS, HAZARD_STATUS_LABELS, ROLE_LABELS, type HazardCategory, type HazardLevel, type HazardStatus, type Role } from '../../../common/hazard';
import { HAZARD_EVENT_LABELS } from '../../../common/event-labels';
import { beijingInstant, describeTimeLeft, formatHour, localDateHour } from '../../../common/time';
import { api, ApiError, type HazardView, type Me, type TimelineRung } from '../api';
import { useSession } from '../session';
import { fieldErrors, zhApiError } from '../zh';

interface Directory {
  schools: Map<string, string>;
  departments: { id: string; name: string }[];
}

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

export function HazardPage({ id }: { id: string }) {
  const { me } = useSession();
  const [view, setView] = useState<HazardView>();
  const [rungs, setRungs] = useState<TimelineRung[]>([]);
  const [dir, setDir] = useState<Directory>();
  const [error, setError] = useState<{ status: number; message: string }>();

  const load = useCallback(async () => {
    try {
      const [v, t] = await Promise.all([api<HazardView>('GET', `/api/hazards/${encodeURIComponent(id)}`), api<{ rungs: TimelineRung[] }>('GET', `/api/hazards/${encodeURIComponent(id)}/timeline`)]);
      setView(v);
      setRungs(t.rungs);
    } catch (err) {
      setError({ status: err instanceof ApiError ? err.status : 0, message: zhApiError(err).message });
    }
  }, [id]);

  useEffect(() => {
    void load();
    Promise.all([api<{ items: { id: string; name: string }[] }>('GET', '/api/schools'), api<{ items: { id: string; name: string }[] }>('GET', '/api/departments')])
      .then(([s, d]) => setDir({ schools: new Map(s.items.map((x) => [x.id, x.name])), departments: d.items.map((x) => ({ id: x.id, name: x.name })) }))
      .catch(() => undefined);
  }, [load]);

  if (error) {
    return <Result status={error.status === 404 ? '404' : error.status === 403 ? '403' : 'warning'} title={error.status === 404 ? '隐患不存在' : error.status === 403 ? '无权查看此隐患' : '暂时无法打开'} subTitle={error.message} />;
  }
  if (!view || !me) return <Spin style={{ display: 'block', margin: 64 }} />;

  const status = view.status as HazardStatus;
  const deadline = view.listedSupervision ? view.governmentDueAt : view.dueAt;
  const open = status === 'assigned' || status === 'rectifying';
  const responsibleName =
    view.responsible.type === 'department' ? actorName(`department:${view.responsible.id}`, dir) : view.responsible.type === 'school' ? actorName(`school:${view.responsible.id}`, dir) : '区教育局';
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Card>
        <Space size={4} wrap style={{ marginBottom: 8 }}>
          <Tag color={view.level === 'major' ? 'red' : 'blue'}>{HAZARD_LEVEL_LABELS[view.level as HazardLevel] ?? view.level}</Tag>
          <Tag color={status === 'closed' ? 'green' : status === 'withdrawn' ? 'default' : 'processing'} data-testid="status">
            {HAZARD_STATUS_LABELS[status] ?? status}
          </Tag>
          {view.overdue && open && <Tag color="red">已逾期</Tag>}
          {view.listedSupervision && <Tag color="volcano">挂牌督办</Tag>}
        </Space>
        <Typography.Title level={4} className="page-title break" data-testid="hazard-title">
          {view.title}
        </Typography.Title>
        <Descriptions size="small" column={{ xs: 1, sm: 1, md: 2 }} bordered>
          <Descriptions.Item label="隐患编号">
            <span className="break">{view.id}</span>
          </Descriptions.Item>
          <Descriptions.Item label="所在学校">{dir?.schools.get(view.schoolId) ?? view.schoolId}</Descriptions.Item>
          <Descriptions.Item label="隐患类别">{HAZARD_CATEGORY_LABELS[view.category as HazardCategory] ?? view.category}</Descriptions.Item>
          <Descriptions.Item label="责任单位">{responsibleName}</Descriptions.Item>
          {view.location && <Descriptions.Item label="隐患位置">{view.location}</Descriptions.Item>}
          <Descriptions.Item label={view.listedSupervision ? '督办期限' : '整改期限'}>
            {deadline ? (
              <>
                {formatHour(deadline)}
                {open && <span style={{ color: view.overdue ? '#cf1322' : '#595959' }}>（{describeTimeLeft(deadline)}）</span>}
              </>
            ) : (
              '未设定'
            )}
          </Descriptions.Item>
          <Descriptions.Item label="督办状态">{ESCALATION_LABELS[view.escalationLevel] ?? view.escalationLevel}</Descriptions.Item>
          {view.rejectionCount > 0 && <Descriptions.Item label="验收未通过">{view.rejectionCount}次</Descriptions.Item>}
          {view.pendingExtension && (
            <Descriptions.Item label="延期申请">
              申请延至{formatHour(view.pendingExtension.requestedDueAt)}，理由：{view.pendingExtension.reason}（待审批）
            </Descriptions.Item>
          )}
          {view.description && (
            <Descriptions.Item label="隐患描述" span={2}>
              {view.description}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>

      <Card title="佐证材料（整改前后照片）" size="small">
        <Evidence urls={view.evidence} />
      </Card>

      <Actions me={me} view={view} dir={dir} onDone={load} />

      <Card title="督办时间线" size="small">
        <Timeline
          data-testid="ladder"
          items={[...rungs]
            .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
            .map((r) => ({
              color: r.state === 'upcoming' ? 'gray' : r.kind.includes('government') || r.kind.includes('listed') ? 'red' : r.kind === 'deadline_reminder' ? 'blue' : 'orange',
              content: (
                <span>
                  <strong>{formatHour(r.at)}</strong> {r.label}
                  {r.state === 'upcoming' ? <Tag style={{ marginLeft: 6 }}>尚未到期</Tag> : <Tag color="default" style={{ marginLeft: 6 }}>已发出</Tag>}
                </span>
              ),
            }))}
        />
        {!rungs.some((r) => r.state === 'upcoming') && (
          <Typography.Text type="secondary">
            {status === 'rectified' ? '整改情况已报告，整改期限停止计时，等待验收。' : status === 'closed' || status === 'withdrawn' ? '本隐患已办结，无后续督办节点。' : rungs.length ? '' : '暂无督办节点。'}
          </Typography.Text>
        )}
      </Card>

      <Card title="办理记录" size="small">
        <Timeline
          data-testid="history"
          items={(view.history ?? []).map((h) => ({
            content: (
              <div>
                <div>
                  <strong>{formatHour(h.at)}</strong> {actorName(h.actor, dir)} {HAZARD_EVENT_LABELS[h.action] ?? h.action}
                </div>
                {h.note && <div className="break" style={{ color: '#595959' }}>{h.note}</div>}
              </div>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}

function Evidence({ urls }: { urls: string[] }) {
  if (!urls.length) return <Typography.Text type="secondary">暂无。</Typography.Text>;
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

/** A date and a whole hour, Beijing time (the picker works the same in any browser time zone). */
function DateHour({ value, onChange }: { value?: string; onChange?: (v: string | undefined) => void }) {
  const current = value ? localDateHour(value) : undefined;
  const [date, setDate] = useState<Dayjs | null>(current ? dayjs(current.date) : null);
  const [hour, setHour] = useState<number>(current?.hour ?? 18);
  const emit = (d: Dayjs | null, h: number) => onChange?.(d ? beijingInstant(d.format('YYYY-MM-DD'), h) : undefined);
  return (
    <Space.Compact style={{ width: '100%' }}>
      <DatePicker
        style={{ flex: 1 }}
        value={date}
        placeholder="选择日期"
        inputReadOnly
        disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
        onChange={(d) => {
          setDate(d);
          emit(d, hour);
        }}
      />
      <Select
        style={{ width: 96 }}
        value={hour}
        options={Array.from({ length: 24 }, (_, h) => ({ value: h, label: `${h}时` }))}
        onChange={(h) => {
          setHour(h);
          emit(date, h);
        }}
      />
    </Space.Compact>
  );
}

type ActionKey = 'rectification' | 'extension' | 'extensionDecision' | 'verification' | 'lookBack' | 'assign' | 'escalation' | 'withdraw';

function allowedActions(me: Me, v: HazardView): ActionKey[] {
  const role = me.role;
  const office = role === 'bureau' || role === 'lead';
  const open = v.status === 'assigned' || v.status === 'rectifying';
  const responsible =
    office ||
    (role === 'department' && v.responsible.type === 'department' && v.responsible.id === me.unitId) ||
    (role === 'school' && v.responsible.type === 'school' && v.responsible.id === me.unitId);
  const out: ActionKey[] = [];
  if (office && v.status === 'bureau_review') out.push('assign');
  if (open && responsible) out.push('rectification');
  if ((office || role === 'inspector') && v.status === 'rectified') out.push('verification');
  if (office && open && v.pendingExtension) out.push('extensionDecision');
  if ((office || role === 'inspector') && v.status === 'closed' && v.lookBackDueAt) out.push('lookBack');
  if (open && responsible && !v.pendingExtension) out.push('extension');
  if (office && ['bureau_review', 'assigned', 'rectifying', 'rectified'].includes(v.status) && !v.listedSupervision) out.push('escalation');
  const schoolMay = role === 'school' && me.unitId === v.schoolId && (v.status === 'bureau_review' || v.responsible.type === 'school');
  if ((office || schoolMay) && ['reported', 'bureau_review', 'assigned', 'rectifying', 'rectified'].includes(v.status)) out.push('withdraw');
  return out;
}

const TITLES: Record<ActionKey, string> = {
  rectification: '报告整改情况',
  extension: '申请延期',
  extensionDecision: '审批延期申请',
  verification: '登记验收结果',
  lookBack: '登记回头看结果',
  assign: '交办责任单位',
  escalation: '报属地政府挂牌督办',
  withdraw: '撤销隐患',
};

function Actions({ me, view, dir, onDone }: { me: Me; view: HazardView; dir?: Directory; onDone(): Promise<void> }) {
  const actions = allowedActions(me, view);
  if (!actions.length) return null;
  return (
    <Card title="办理" size="small" data-testid="actions">
      <Collapse
        accordion
        defaultActiveKey={actions[0]}
        items={actions.map((a) => ({
          key: a,
          label: TITLES[a],
          children: <ActionForm action={a} view={view} dir={dir} onDone={onDone} />,
        }))}
      />
    </Card>
  );
}

const SCHEMAS: Record<ActionKey, { schema: z.ZodType; path: string }> = {
  rectification: { schema: rectificationSchema, path: 'rectification' },
  extension: { schema: extensionRequestSchema, path: 'extension' },
  extensionDecision: { schema: extensionDecisionSchema, path: 'extension/decision' },
  verification: { schema: verificationSchema, path: 'verification' },
  lookBack: { schema: lookBackSchema, path: 'look-back' },
  assign: { schema: assignSchema, path: 'assign' },
  escalation: { schema: escalationSchema, path: 'escalation' },
  withdraw: { schema: withdrawSchema, path: 'withdraw' },
};

const FIELDS: Record<ActionKey, string[]> = {
  rectification: ['note', 'links'],
  extension: ['requestedDueAt', 'reason'],
  extensionDecision: ['approved', 'note'],
  verification: ['passed', 'newDueAt', 'note'],
  lookBack: ['passed', 'newDueAt', 'note'],
  assign: ['departmentId', 'dueAt', 'note'],
  escalation: ['reason'],
  withdraw: ['reason'],
};

const DONE: Record<ActionKey, string> = {
  rectification: '已报告整改完成，等待验收',
  extension: '延期申请已提交，等待审批',
  extensionDecision: '已作出决定',
  verification: '验收结果已登记',
  lookBack: '回头看结果已登记',
  assign: '已交办，整改通知书已发送',
  escalation: '已报属地政府挂牌督办',
  withdraw: '隐患已撤销',
};

function ActionForm({ action, view, dir, onDone }: { action: ActionKey; view: HazardView; dir?: Directory; onDone(): Promise<void> }) {
  const [form] = Form.useForm();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string>();
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const passed = Form.useWatch('passed', form);

  /** The command as the API takes it, from the form's fields. */
  const command = (values: Record<string, any>): Record<string, unknown> => {
    const text = (s: unknown) => (typeof s === 'string' && s.trim() !== '' ? s : undefined);
    switch (action) {
      case 'rectification': {
        const links = String(values.links ?? '')
          .split(/\s+/)
          .filter(Boolean);
        const uploaded = photos.filter((p) => p.status === 'done' && p.response?.url).map((p) => p.response.url as string);
        const evidence = [...uploaded, ...links];
        return { note: values.note ?? '', ...(evidence.length ? { evidence } : {}) };
      }
      case 'extension':
        return { requestedDueAt: values.requestedDueAt, reason: values.reason ?? '' };
      case 'extensionDecision':
        return { approved: values.approved, note: text(values.note) };
      case 'verification':
      case 'lookBack':
        return { passed: values.passed, note: text(values.note), newDueAt: values.passed === false ? values.newDueAt : undefined };
      case 'assign':
        return { departmentId: values.departmentId, dueAt: values.dueAt, note: text(values.note) };
      case 'escalation':
      case 'withdraw':
        return { reason: values.reason ?? '' };
    }
  };

  const submit = async (values: Record<string, any>) => {
    setAlert(undefined);
    const body = Object.fromEntries(Object.entries(command(values)).filter(([, v]) => v !== undefined));
    const checked = SCHEMAS[action].schema.safeParse(body);
    const fields = checked.success ? {} : fieldErrors(checked.error);
    if (photos.some((p) => p.status === 'uploading')) fields.evidence = '照片正在上传，请稍候';
    const formFields = FIELDS[action];
    const shown = (f: string) => (f === 'evidence' ? 'links' : f);
    form.setFields(formFields.map((f) => ({ name: f, errors: Object.entries(fields).filter(([k]) => shown(k) === f).map(([, m]) => m) })));
    if (!checked.success || fields.evidence) {
      if (!Object.keys(fields).some((k) => formFields.includes(shown(k)))) setAlert(Object.values(fields)[0]);
      return;
    }
    setBusy(true);
    try {
      await api('POST', `/api/hazards/${encodeURIComponent(view.id)}/${SCHEMAS[action].path}`, checked.data);
      message.success(DONE[action]);
      form.resetFields();
      setPhotos([]);
      await onDone();
    } catch (err) {
      const e = zhApiError(err);
      form.setFields(Object.entries(e.fields).map(([f, m]) => ({ name: shown(f), errors: [m] })));
      setAlert(e.message);
    } finally {
      setBusy(false);
    }
  };

  const departments = useMemo(() => (dir?.departments ?? []).filter((d) => d.id !== 'edu').map((d) => ({ value: d.id, label: d.name })), [dir]);

  return (
    <Form form={form} layout="vertical" onFinish={submit} data-testid={`form-${action}`} initialValues={action === 'extensionDecision' ? { approved: true } : undefined}>
      {alert && <Alert type="error" showIcon title={alert} style={{ marginBottom: 12 }} />}
      {action === 'assign' && (
        <>
          <Form.Item label="责任单位" name="departmentId">
            <Select showSearch optionFilterProp="label" placeholder="选择成员单位" options={departments} />
          </Form.Item>
          <Form.Item label="整改期限" name="dueAt">
            <DateHour />
          </Form.Item>
          <Form.Item label="交办意见" name="note">
            <Input.TextArea rows={2} />
          </Form.Item>
        </>
      )}
      {action === 'rectification' && (
        <>
          <Form.Item label="整改情况" name="note">
            <Input.TextArea rows={3} placeholder="写明采取的整改措施和整改结果" />
          </Form.Item>
          <Form.Item label="整改前后照片">
            <Upload
              listType="picture-card"
              accept="image/jpeg,image/png,image/webp"
              multiple
              fileList={photos}
              onChange={({ fileList }) => setPhotos(fileList)}
              customRequest={async ({ file, onSuccess, onError }) => {
                const form = new FormData();
                form.append('photo', file as Blob);
                try {
                  onSuccess?.(await api('POST', `/api/uploads?hazardId=${encodeURIComponent(view.id)}`, undefined, { form }));
                } catch (err) {
                  const msg = zhApiError(err).message;
                  message.error(msg);
                  onError?.(new Error(msg));
                }
              }}
            >
              {photos.length >= 12 ? null : <div data-testid="upload-button">上传照片</div>}
            </Upload>
          </Form.Item>
          <Form.Item label="其他佐证材料链接（可选，每行一个）" name="links">
            <Input.TextArea rows={2} placeholder="https://" />
          </Form.Item>
        </>
      )}
      {action === 'extension' && (
        <>
          <Form.Item label="申请延至" name="requestedDueAt">
            <DateHour />
          </Form.Item>
          <Form.Item label="延期理由" name="reason">
            <Input.TextArea rows={2} />
          </Form.Item>
        </>
      )}
      {action === 'extensionDecision' && (
        <>
          <Form.Item label="审批意见" name="approved">
            <Radio.Group options={[{ value: true, label: '批准延期' }, { value: false, label: '不予批准' }]} />
          </Form.Item>
          <Form.Item label="说明" name="note">
            <Input.TextArea rows={2} />
          </Form.Item>
        </>
      )}
      {(action === 'verification' || action === 'lookBack') && (
        <>
          <Form.Item label={action === 'verification' ? '验收结果' : '回头看结果'} name="passed">
            <Radio.Group
              options={
                action === 'verification'
                  ? [
                      { value: true, label: '验收通过，予以销号' },
                      { value: false, label: '验收不通过，重新整改' },
                    ]
                  : [
                      { value: true, label: '无反弹' },
                      { value: false, label: '出现反弹，重新整改' },
                    ]
              }
            />
          </Form.Item>
          {passed === false && (
            <Form.Item label="新的整改期限（不填则按默认期限）" name="newDueAt">
              <DateHour />
            </Form.Item>
          )}
          <Form.Item label="意见" name="note">
            <Input.TextArea rows={2} />
          </Form.Item>
        </>
      )}
      {(action === 'escalation' || action === 'withdraw') && (
        <Form.Item label={action === 'escalation' ? '报请理由' : '撤销理由'} name="reason">
          <Input.TextArea rows={2} />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={busy} danger={action === 'withdraw' || action === 'escalation'} block>
        提交
      </Button>
    </Form>
  );
}
