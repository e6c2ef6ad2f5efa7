// 组织名录 (lead): member departments, schools and local governments with their contacts, edited
// through PUT /api/departments/:id, /api/schools/:id, /api/jurisdictions/:id. Notifications go to
// the addresses kept here, so the next mail goes to an edited address.
import { Alert, Button, Card, Form, Input, Select, Table, Tabs, Typography, type FormItemProps, type TableColumnsType, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import { SCHOOL_KIND_LABELS, SCHOOL_KINDS, type SchoolKind } from '../../../common/hazard';
import { api } from '../api';
import { useSession } from '../session';
import { useApi } from '../useApi';
import { filledIn } from '../zh';
import { useEditModal } from '../EditModal';
import { ChannelsTab, type ChannelUnit } from './ChannelsTab';
import { INVITES } from '../../../domain/accounts';
import { InviteAccount } from './InviteAccount';
import { departmentSchema, entryOf, jurisdictionSchema, schoolSchema, type DepartmentEntry, type JurisdictionEntry, type SchoolEntry } from '../../../domain/directory';
import { RosterImport } from './RosterImport';
import { mayImportRoster, SCHOOL_RECORD_FIELDS, type SchoolRecord } from '../../../domain/school-record';
import { Link } from '../router';

type Department = DepartmentEntry & { id: string };
/** A school as the directory lists it: its entry and its 一校一档. */
type School = SchoolEntry & { id: string } & SchoolRecord;
type Jurisdiction = JurisdictionEntry & { id: string };

type Kind = 'departments' | 'schools' | 'jurisdictions';
type Editing = { kind: 'departments'; row: Department } | { kind: 'schools'; row: School } | { kind: 'jurisdictions'; row: Jurisdiction };

const EMAIL = { type: 'email' as const, message: '请填写正确的电子邮箱' };
const REQUIRED = filledIn();
const splitEmails = (s: string) => s.split(/[\s,，;；、]+/).filter(Boolean);

/** A field of an entity's edit form: a Form.Item's label, name and rules, and its input (a text, an address, or its own). */
type Field = Pick<FormItemProps, 'label' | 'rules' | 'extra'> & { name: string; input?: 'text' | 'email' | ReactNode };
/** A text field (required unless `rules` say otherwise). */
const text = (name: string, label: string, rules = [REQUIRED]): Field => ({ name, label, rules });
/** An e-mail address (required unless `rules` say otherwise). */
const email = (name: string, label: string, rules = [REQUIRED, EMAIL]): Field => ({ name, label, rules, input: 'email' });

/** Each entity's edit form, field by field. */
const FIELDS: Record<Kind, Field[]> = {
  departments: [
    text('name', '单位名称'),
    text('contactName', '联系人'),
    {
      ...email('contactEmails', '联系邮箱'),
      extra: '多个邮箱用逗号分隔',
      rules: [
        REQUIRED,
        {
          validator: async (_, v: string) => {
            const emails = splitEmails(v ?? '');
            if (emails.some((e) => !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e))) throw new Error('请填写正确的电子邮箱');
            if (emails.length > 20) throw new Error('最多20个邮箱');
          },
        },
      ],
    },
    text('leaderName', '分管领导'),
    email('leaderEmail', '领导邮箱'),
  ],
  schools: [
    text('name', '学校名称'),
    { name: 'kind', label: '学段', rules: [{ required: true, message: '请选择' }], input: <Select options={SCHOOL_KINDS.map((k) => ({ value: k, label: SCHOOL_KIND_LABELS[k] }))} /> },
    text('principalName', '校长'),
    email('principalEmail', '校长邮箱'),
    { name: 'safetyOfficerName', label: '安全管理员' },
    email('safetyOfficerEmail', '安全管理员邮箱', [EMAIL]),
  ],
  jurisdictions: [
    text('governmentName', '属地政府'),
    text('governmentContactName', '联系人'),
    email('governmentEmail', '政府邮箱'),
    text('leadOfficeName', '领导小组办公室名称'),
    email('leadOfficeEmail', '领导小组办公室邮箱'),
  ],
};

const SCHEMAS = { departments: departmentSchema, schools: schoolSchema, jurisdictions: jurisdictionSchema };

/** What PUT /api/{departments|schools|jurisdictions}/:id is sent: the entry as stored, with the form's fields trimmed (an empty one null; the mail list split). */
function unitBody(editing: Editing, v: Record<string, unknown>): object {
  const edited = Object.fromEntries(
    FIELDS[editing.kind].map(({ name }) => {
      const value = v[name];
      return [name, name === 'contactEmails' ? splitEmails(typeof value === 'string' ? value : '') : typeof value === 'string' ? value.trim() || null : (value ?? null)];
    }),
  );
  return entryOf(SCHEMAS[editing.kind], editing.row, edited);
}

export function DirectoryPage() {
  const { me } = useSession();
  const departmentList = useApi<{ items: Department[] }>('/api/departments');
  const schoolList = useApi<{ items: School[] }>('/api/schools');
  const jurisdictionList = useApi<{ items: Jurisdiction[] }>('/api/jurisdictions');
  const departments = departmentList.data?.items;
  const schools = schoolList.data?.items;
  const jurisdictions = jurisdictionList.data?.items;
  const error = (departmentList.error ?? schoolList.error ?? jurisdictionList.error)?.message;
  const {
    editing,
    open: openModal,
    modal,
  } = useEditModal<Editing>({
    submit: (e, v) => api('PUT', `/api/${e.kind}/${encodeURIComponent(e.row.id)}`, unitBody(e, v)),
    saved: '已保存，此后的通知将发送至新的联系方式',
    then: (e) => ({ departments: departmentList, schools: schoolList, jurisdictions: jurisdictionList })[e.kind].reload(),
  });
  const mayEdit = me?.role === 'lead';

  const open = (e: Editing) => openModal(e, e.kind === 'departments' ? { ...e.row, contactEmails: e.row.contactEmails.join('，') } : e.row);

  const edit = <T extends { id: string }>(kind: Kind) => ({
    title: '操作',
    key: 'edit',
    width: 72,
    fixed: 'right' as const,
    render: (_: unknown, row: T) =>
      mayEdit ? (
        <Button type="link" size="small" onClick={() => open({ kind, row } as unknown as Editing)} data-testid={`edit-${row.id}`}>
          编辑
        </Button>
      ) : null,
  });
  /** The tab of an entity: its table (`rows`, loading until they come) with `columns` and the edit button. */
  const tab = <T extends { id: string }>(key: Kind, label: string, rows: T[] | undefined, columns: TableColumnsType<T>, pagination: TableProps<T>['pagination'] = false) => ({
    key,
    label,
    children: (
      <div data-testid={`table-${key}`}>
        <Table<T> size="small" rowKey="id" loading={!rows} dataSource={rows} pagination={pagination} scroll={{ x: 760 }} columns={[...columns, edit<T>(key)]} />
      </div>
    ),
  });
  const wrap = (s: string) => <span className="break">{s}</span>;

  if (error) return <Alert type="error" showIcon title={error} />;
  return (
    <>
      <Typography.Title level={4} className="page-title">
        组织名录
      </Typography.Title>
      <Typography.Paragraph type="secondary">整改通知、督办和报送提醒按此处登记的联系人和邮箱发送。{mayEdit ? '' : '名录由领导小组办公室维护。'}</Typography.Paragraph>
      <Card size="small">
        <Tabs
          items={[
            tab('departments', '成员单位', departments, [
              { title: '单位名称', dataIndex: 'name', width: 160, fixed: 'left' },
              { title: '联系人', dataIndex: 'contactName', width: 90 },
              { title: '联系邮箱', key: 'emails', render: (_, d) => wrap(d.contactEmails.join('，')), width: 220 },
              { title: '分管领导', dataIndex: 'leaderName', width: 90 },
              { title: '领导邮箱', dataIndex: 'leaderEmail', render: wrap, width: 200 },
            ]),
            tab(
              'schools',
              '学校',
              schools,
              [
                { title: '学校名称', dataIndex: 'name', width: 170, fixed: 'left', render: wrap },
                { title: '学段', dataIndex: 'kind', width: 100, render: (k: SchoolKind) => SCHOOL_KIND_LABELS[k] ?? k },
                { title: '校长', dataIndex: 'principalName', width: 80 },
                { title: '校长邮箱', dataIndex: 'principalEmail', render: wrap, width: 200 },
                { title: '安全管理员', key: 'officer', width: 200, render: (_, s) => wrap(s.safetyOfficerName ? `${s.safetyOfficerName}（${s.safetyOfficerEmail ?? '无邮箱'}）` : '未登记') },
                {
                  title: '一校一档',
                  key: 'record',
                  width: 110,
                  render: (_, s) => {
                    const unfilled = SCHOOL_RECORD_FIELDS.filter((f) => s[f] === null).length;
                    return (
                      <Link to={`/schools/${encodeURIComponent(s.id)}/record`} data-testid={`record-${s.id}`}>
                        {unfilled ? `${unfilled}项未填报` : '已填报'}
                      </Link>
                    );
                  },
                },
              ],
              { pageSize: 20, showSizeChanger: false },
            ),
            tab('jurisdictions', '属地政府', jurisdictions, [
              { title: '行政区域', dataIndex: 'name', width: 120, fixed: 'left' },
              { title: '属地政府', dataIndex: 'governmentName', width: 150, render: wrap },
              { title: '联系人', dataIndex: 'governmentContactName', width: 90 },
              { title: '政府邮箱', dataIndex: 'governmentEmail', width: 200, render: wrap },
              { title: '领导小组办公室邮箱', dataIndex: 'leadOfficeEmail', width: 200, render: wrap },
            ]),
            ...(me && mayImportRoster({ role: me.role, unitId: me.unitId ?? undefined })
              ? [{ key: 'roster', label: '名册导入', children: <RosterImport onImported={() => schoolList.reload()} /> }]
              : []),
            ...(mayEdit
              ? [
                  {
                    key: 'channels',
                    label: '通知渠道',
                    children: (
                      <ChannelsTab
                        units={[
                          ...(departments ?? []).map((d): ChannelUnit => ({ unitType: 'department', unitId: d.id, name: d.name })),
                          ...(schools ?? []).map((x): ChannelUnit => ({ unitType: 'school', unitId: x.id, name: x.name })),
                          ...(jurisdictions ?? []).flatMap((x): ChannelUnit[] => [
                            { unitType: 'government', unitId: x.id, name: x.governmentName },
                            { unitType: 'lead_office', unitId: x.id, name: x.leadOfficeName },
                          ]),
                        ]}
                      />
                    ),
                  },
                ]
              : []),
            ...(me && INVITES[me.role].length
              ? [
                  {
                    key: 'accounts',
                    label: '开通账号',
                    children: <InviteAccount me={me} units={{ departments: departments ?? [], schools: schools ?? [], jurisdictions: jurisdictions ?? [] }} />,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {modal({
        title: editing ? `编辑：${'name' in editing.row ? (editing.kind === 'jurisdictions' ? editing.row.governmentName : editing.row.name) : ''}` : '',
        testId: 'edit-modal',
        children:
          editing &&
          FIELDS[editing.kind].map(({ input = 'text', ...item }) => (
            <Form.Item key={item.name} {...item}>
              {input === 'text' ? <Input /> : input === 'email' ? <Input inputMode="email" /> : input}
            </Form.Item>
          )),
      })}
    </>
  );
}
