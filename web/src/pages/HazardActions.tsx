// The forms of the actions this person may take on a hazard now (the API's `actions`), each drawn
// from the action table (domain/hazard/actions.ts) and checked with its zod schema before it is
// sent. A chunk of its own, loaded once the hazard's page has painted its facts: a mail link's page
// shows the hazard without waiting for antd's form, date picker, select and upload, nor zod.
import { Alert, Button, Card, Collapse, DatePicker, Form, Input, Radio, Select, Space, TimePicker, Upload, App as AntApp } from 'antd';
import type { UploadFile } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { HAZARD_ACTIONS, type FormField, type HazardActionDef, type HazardActionKey } from '../../../domain/hazard/actions';
import { zoned, zonedInstant } from '../../../common/time';
import { api, type HazardView } from '../api';
import { clearFixedErrors, fieldErrors, FILL_IN, zhApiError } from '../zh';

/** The units a hazard page names: schools by id, the departments (成员单位) to assign to. */
export interface Directory {
  schools: Map<string, string>;
  departments: { id: string; name: string }[];
}

/**
 * A date and a time of day, Beijing time (the picker works the same in any browser time zone): the
 * time in steps of 5 minutes (18:00, 17:30); days before today and today's hours gone by are not offered.
 */
function DateTimeField({ id, value, onChange }: { id?: string; value?: string; onChange?: (v: string | undefined) => void }) {
  const current = value ? zoned(value) : undefined;
  const [date, setDate] = useState<Dayjs | null>(current ? dayjs(current.toISODate()) : null);
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

/** A person named at 交办 (整改责任人, 督办责任人): a name and, optionally, a mobile. */
function PersonField({ id, value, onChange }: { id?: string; value?: { name?: string; mobile?: string }; onChange?: (v: { name?: string; mobile?: string }) => void }) {
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input id={id} style={{ flex: 1 }} placeholder="姓名" value={value?.name} onChange={(e) => onChange?.({ ...value, name: e.target.value })} />
      <Input
        id={id ? `${id}-mobile` : undefined}
        aria-label="手机号码"
        style={{ flex: 1 }}
        inputMode="numeric"
        placeholder="手机（可选）"
        value={value?.mobile}
        onChange={(e) => onChange?.({ ...value, mobile: e.target.value })}
      />
    </Space.Compact>
  );
}

/** A person as the API takes it, or undefined when no name is given. */
const personOf = (v: unknown): { name: string; mobile?: string } | undefined => {
  const p = (v ?? {}) as { name?: string; mobile?: string };
  const name = p.name?.trim();
  const mobile = p.mobile?.trim();
  return name ? { name, ...(mobile ? { mobile } : {}) } : undefined;
};

/** The forms of the actions this viewer may take now: the API's `actions`, each drawn from the action table. */
export function Actions({ view, dir, onDone, opens }: { view: HazardView; dir?: Directory; onDone(): Promise<void>; opens?: string }) {
  const actions = view.actions;
  // The form open: the one chosen while it is offered (at first the one the address names), else the first; null when the person closed it.
  const [chosen, setChosen] = useState<HazardActionKey | null | undefined>(opens as HazardActionKey | undefined);
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
const blank = (v: unknown) =>
  v === undefined ||
  v === null ||
  (typeof v === 'string' && v.trim() === '') ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && !Array.isArray(v) && 'name' in v && !personOf(v));

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
        const links = String(v.links ?? '')
          .split(/\s+/)
          .filter(Boolean);
        const uploaded = photos.filter((p) => p.status === 'done' && p.response?.url).map((p) => p.response.url as string);
        if (uploaded.length + links.length) out.evidence = [...uploaded, ...links];
      } else if (f.kind === 'person') {
        const person = personOf(v[f.name]);
        if (person) out[f.name] = person;
      } else if (!blank(v[f.name])) out[f.name] = v[f.name];
    }
    return out;
  };

  const submit = async (v: Record<string, any>) => {
    setAlert(undefined);
    const body = command(v);
    const checked = def.schema.safeParse(body);
    const errors: Record<string, string> = checked.success ? {} : fieldErrors(checked.error);
    for (const f of fields) if (f.kind !== 'evidence' && required(f, v) && blank(v[f.name])) errors[f.name] = FILL_IN;
    if (photos.some((p) => p.status === 'uploading')) errors.evidence = '照片正在上传，请稍候';
    const formName = (k: string) => (k === 'evidence' ? 'links' : k);
    const names = [...new Set(fields.map((f) => (f.kind === 'evidence' ? 'links' : f.name)))];
    form.setFields(
      names.map((n) => ({
        name: n,
        errors: Object.entries(errors)
          .filter(([k]) => formName(k) === n)
          .map(([, m]) => m),
      })),
    );
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

  // 交办 by task area: the campaign's participants, the department whose area covers the category
  // first and marked 建议 (the API's `routing`); without it, the directory's departments.
  const routing = view.routing;
  const departmentName = useMemo(() => new Map((dir?.departments ?? []).map((d) => [d.id, d.name])), [dir]);
  const departments = useMemo(() => {
    const all = dir?.departments ?? [];
    if (!routing) return all.filter((d) => d.id !== 'edu').map((d) => ({ value: d.id, label: d.name }));
    return routing.departmentIds.map((id) => ({
      value: id,
      label: `${departmentName.get(id) ?? id}${id === routing.suggestedDepartmentId ? `（建议：${routing.area ?? '按任务分工'}牵头）` : ''}`,
    }));
  }, [dir, routing, departmentName]);
  // The suggestion under the field, whole on a phone; the field itself shows the unit's name only.
  const suggestion = routing?.suggestedDepartmentId
    ? `建议：${departmentName.get(routing.suggestedDepartmentId) ?? routing.suggestedDepartmentId}（${routing.area ?? '按任务分工'}牵头）`
    : undefined;
  const initialValues = {
    ...Object.fromEntries(def.fields.filter((f) => f.initial !== undefined).map((f) => [f.name, f.initial])),
    ...(routing?.suggestedDepartmentId && def.fields.some((f) => f.kind === 'department') ? { departmentId: routing.suggestedDepartmentId } : {}),
  };

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
              <Form.Item key={f.name} label={label} name={f.name} required={req} extra={suggestion}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  placeholder="选择成员单位"
                  options={departments}
                  labelRender={({ value, label: shown }) => departmentName.get(String(value)) ?? shown}
                />
              </Form.Item>
            );
          case 'departments':
            return (
              <Form.Item key={f.name} label={label} name={f.name} required={req}>
                <Select
                  mode="multiple"
                  showSearch
                  optionFilterProp="label"
                  placeholder="选择配合单位"
                  options={departments.filter((d) => d.value !== values.departmentId).map((d) => ({ value: d.value, label: d.label.replace(/（建议：.*）$/, '') }))}
                />
              </Form.Item>
            );
          case 'person':
            return (
              <Form.Item key={f.name} label={label} name={f.name} required={req}>
                <PersonField />
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
      {/* An action of one tap (签收) is its own button; a form's is 提交. */}
      <Button type="primary" htmlType="submit" loading={busy} danger={def.danger} block>
        {def.fields.length ? '提交' : def.label}
      </Button>
    </Form>
  );
}
