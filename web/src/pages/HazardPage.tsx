// 隐患详情: the facts, the evidence photos, the deadline ladder as a timeline, the history, and
// the forms of the actions this person may take now (the API's `actions`), each drawn from the
// action table (domain/hazard/actions.ts) and checked with its zod schema before it is sent.
import { Alert, Button, Card, Collapse, DatePicker, Descriptions, Form, Image, Input, Radio, Result, Select, Space, Spin, Tag, TimePicker, Timeline, Typography, Upload, App as AntApp } from 'antd';
import type { UploadFile } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { HAZARD_ACTIONS, type FormField, type HazardActionDef, type HazardActionKey } from '../../../domain/hazard/actions';
import { HAZARD_CATEGORY_LABELS, HAZARD_LEVEL_LABELS, HAZARD_STATUS_LABELS, ROLE_LABELS, type HazardCategory, type HazardLevel, type HazardStatus, type Role } from '../../../common/hazard';
import { HAZARD_EVENT_LABELS } from '../../../common/event-labels';
import { describeTimeLeft, formatDeadline, formatHour, zoned, zonedInstant } from '../../../common/time';
import { api, type HazardView, type TimelineRung } from '../api';
import { useApi } from '../useApi';
import { useSession } from '../session';
import { NotShown, shownStatus, usePageTitle } from '../shell';
import { clearFixedErrors, fieldErrors, zhApiError } from '../zh';

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
  const path = `/api/hazards/${encodeURIComponent(id)}`;
  const hazard = useApi<HazardView>(path);
  const timeline = useApi<{ rungs: TimelineRung[] }>(`${path}/timeline`);
  const schools = useApi<{ items: { id: string; name: string }[] }>('/api/schools');
  const departments = useApi<{ items: { id: string; name: string }[] }>('/api/departments');
  const dir = useMemo<Directory | undefined>(
    () => (schools.data && departments.data ? { schools: new Map(schools.data.items.map((x) => [x.id, x.name])), departments: departments.data.items.map((x) => ({ id: x.id, name: x.name })) } : undefined),
    [schools.data, departments.data],
  );
  /** After an action: the hazard and its timeline as they are now. */
  const load = useCallback(async () => {
    await Promise.all([hazard.reload(), timeline.reload()]);
  }, [hazard.reload, timeline.reload]);
  const view = hazard.data;
  const rungs = timeline.data?.rungs ?? [];
  const error = hazard.error;
  usePageTitle(view ? `隐患 ${view.title}` : undefined);

  if (error) return <NotShown status={shownStatus(error.status)} title={error.status === 404 ? '隐患不存在' : error.status === 403 ? '无权查看此隐患' : '暂时无法打开'} subTitle={error.message} />;
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
                {formatDeadline(deadline)}前
                {open && <span style={{ color: view.overdue ? '#cf1322' : '#595959' }}>（{describeTimeLeft(deadline)}）</span>}
              </>
            ) : (
              '待交办时明确'
            )}
          </Descriptions.Item>
          <Descriptions.Item label="督办状态">{ESCALATION_LABELS[view.escalationLevel] ?? view.escalationLevel}</Descriptions.Item>
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
      </Card>

      <Card title="佐证材料（整改前后照片）" size="small">
        <Evidence urls={view.evidence} />
      </Card>

      <Actions view={view} dir={dir} onDone={load} />

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

/**
 * A date and a time of day, Beijing time (the picker works the same in any browser time zone): the
 * time in steps of 5 minutes (18:00, 17:30); days before today and today's hours gone by are not offered.
 */
function DateTimeField({ id, value, onChange }: { id?: string; value?: string; onChange?: (v: string | undefined) => void }) {
  const current = value ? zoned(value) : undefined;
  const [date, setDate] = useState<Dayjs | null>(current ? dayjs(current.toISODate()!) : null);
  const [time, setTime] = useState<Dayjs>(current ? dayjs().hour(current.hour).minute(current.minute).second(0) : dayjs().hour(18).minute(0).second(0));
  const emit = (d: Dayjs | null, t: Dayjs) => onChange?.(d ? zonedInstant(d.format('YYYY-MM-DD'), t.format('HH:mm')) : undefined);
  // Now in Beijing: today's date, and the hour and minute before which today's times are gone.
  const now = zoned(Date.now());
  const today = now.toISODate()!;
  const isToday = date?.format('YYYY-MM-DD') === today;
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  return (
    <Space.Compact style={{ width: '100%' }}>
      <DatePicker
        id={id}
        style={{ flex: 1 }}
        value={date}
        placeholder="选择日期"
        inputReadOnly
        disabledDate={(d) => d.format('YYYY-MM-DD') < today}
        onChange={(d) => {
          setDate(d);
          emit(d, time);
        }}
      />
      <TimePicker
        id={id ? `${id}-time` : undefined}
        aria-label="时间"
        style={{ width: 110 }}
        value={time}
        format="HH:mm"
        minuteStep={5}
        inputReadOnly
        allowClear={false}
        showNow={false}
        needConfirm={false}
        disabledTime={() =>
          isToday
            ? {
                disabledHours: () => range(now.hour),
                disabledMinutes: (h: number) => (h < now.hour ? range(60) : h === now.hour ? range(now.minute + 1) : []),
              }
            : {}
        }
        onChange={(t) => {
          if (!t) return;
          setTime(t);
          emit(date, t);
        }}
      />
    </Space.Compact>
  );
}

/** The forms of the actions this viewer may take now: the API's `actions`, each drawn from the action table. */
function Actions({ view, dir, onDone }: { view: HazardView; dir?: Directory; onDone(): Promise<void> }) {
  const actions = view.actions;
  // The form open: the one chosen while it is offered, else the first; null when the person closed it.
  const [chosen, setChosen] = useState<HazardActionKey | null>();
  if (!actions.length) return null;
  const open = chosen === null ? undefined : chosen && actions.includes(chosen) ? chosen : actions[0];
  return (
    <Card title="办理" size="small" data-testid="actions">
      {/* One form open at a time (the first at first), kept by the page rather than antd's accordion, whose tablist has no tabs (axe). */}
      <Collapse
        activeKey={open ? [open] : []}
        onChange={(keys) => setChosen((([] as string[]).concat(keys).find((k) => k !== open) as HazardActionKey | undefined) ?? null)}
        items={actions.map((a) => ({
          key: a,
          label: HAZARD_ACTIONS[a].label,
          children: <ActionForm action={a} view={view} dir={dir} onDone={onDone} />,
        }))}
      />
    </Card>
  );
}

/** Is this field asked for / required, given the values so far? */
const shown = (f: FormField, values: Record<string, unknown>) => !f.when || values[f.when.field] === f.when.equals;
const required = (f: FormField, values: Record<string, unknown>) => !!f.required || (!!f.requiredWhen && values[f.requiredWhen.field] === f.requiredWhen.equals);
const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function ActionForm({ action, view, dir, onDone }: { action: HazardActionKey; view: HazardView; dir?: Directory; onDone(): Promise<void> }) {
  const def = HAZARD_ACTIONS[action] as HazardActionDef;
  const [form] = Form.useForm();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string>();
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const values: Record<string, unknown> = Form.useWatch([], form) ?? {};
  // A field named twice (the same note, labelled by what was chosen) is one field of the command.
  const fields = def.fields.filter((f) => shown(f, values));

  /** The command as the API takes it, from the form's fields. */
  const command = (v: Record<string, any>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      if (f.kind === 'evidence') {
        const links = String(v.links ?? '').split(/\s+/).filter(Boolean);
        const uploaded = photos.filter((p) => p.status === 'done' && p.response?.url).map((p) => p.response.url as string);
        if (uploaded.length + links.length) out.evidence = [...uploaded, ...links];
      } else if (!blank(v[f.name])) out[f.name] = v[f.name];
    }
    return out;
  };

  const submit = async (v: Record<string, any>) => {
    setAlert(undefined);
    const body = command(v);
    const checked = def.schema.safeParse(body);
    const errors: Record<string, string> = checked.success ? {} : fieldErrors(checked.error);
    for (const f of fields) if (f.kind !== 'evidence' && required(f, v) && blank(v[f.name])) errors[f.name] = '请填写此项';
    if (photos.some((p) => p.status === 'uploading')) errors.evidence = '照片正在上传，请稍候';
    const formName = (k: string) => (k === 'evidence' ? 'links' : k);
    const names = [...new Set(fields.map((f) => (f.kind === 'evidence' ? 'links' : f.name)))];
    form.setFields(names.map((n) => ({ name: n, errors: Object.entries(errors).filter(([k]) => formName(k) === n).map(([, m]) => m) })));
    if (Object.keys(errors).length) {
      if (!Object.keys(errors).some((k) => names.includes(formName(k)))) setAlert(Object.values(errors)[0]);
      return;
    }
    setBusy(true);
    try {
      await api('POST', `/api/hazards/${encodeURIComponent(view.id)}/${def.path}`, checked.success ? checked.data : body);
      message.success(def.done);
      form.resetFields();
      setPhotos([]);
      await onDone();
    } catch (err) {
      const e = zhApiError(err);
      form.setFields(Object.entries(e.fields).map(([f, m]) => ({ name: formName(f), errors: [m] })));
      setAlert(e.message);
    } finally {
      setBusy(false);
    }
  };

  const departments = useMemo(() => (dir?.departments ?? []).filter((d) => d.id !== 'edu').map((d) => ({ value: d.id, label: d.name })), [dir]);
  const initialValues = Object.fromEntries(def.fields.filter((f) => f.initial !== undefined).map((f) => [f.name, f.initial]));

  return (
    // Named by its action: its fields' ids (hazard-assign_note) are the page's only ones, each label points at its own box.
    <Form form={form} name={`hazard-${action}`} layout="vertical" onFinish={submit} onValuesChange={clearFixedErrors(form)} data-testid={`form-${action}`} initialValues={initialValues}>
      {alert && <Alert type="error" showIcon title={alert} style={{ marginBottom: 12 }} />}
      {fields.map((f) => {
        const label = f.label;
        const req = required(f, values);
        switch (f.kind) {
          case 'department':
            return (
              <Form.Item key={f.name} label={label} name={f.name} required={req}>
                <Select showSearch optionFilterProp="label" placeholder="选择成员单位" options={departments} />
              </Form.Item>
            );
          case 'dateHour':
            return (
              <Form.Item key={f.name} label={label} name={f.name} required={req}>
                <DateTimeField />
              </Form.Item>
            );
          case 'choice':
            return (
              <Form.Item key={f.name} label={label} name={f.name} required={req}>
                <Radio.Group options={(f.options ?? []).map((o) => ({ value: o.value as string | boolean, label: o.label }))} />
              </Form.Item>
            );
          case 'textarea':
            return (
              <Form.Item key={f.name} label={label} name={f.name} required={req}>
                <Input.TextArea rows={f.name === 'note' && action === 'rectification' ? 3 : 2} placeholder={f.placeholder} />
              </Form.Item>
            );
          case 'evidence':
            return (
              <div key={f.name}>
                <Form.Item label={label}>
                  <Upload
                    listType="picture-card"
                    accept="image/jpeg,image/png,image/webp"
                    multiple
                    fileList={photos}
                    onChange={({ fileList }) => setPhotos(fileList)}
                    customRequest={async ({ file, onSuccess, onError }) => {
                      const data = new FormData();
                      data.append('photo', file as Blob);
                      try {
                        onSuccess?.(await api('POST', `/api/uploads?hazardId=${encodeURIComponent(view.id)}`, undefined, { form: data }));
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
              </div>
            );
        }
      })}
      <Button type="primary" htmlType="submit" loading={busy} danger={def.danger} block>
        提交
      </Button>
    </Form>
  );
}
