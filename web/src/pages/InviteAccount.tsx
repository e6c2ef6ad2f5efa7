// 开通账号 (the directory page's tab): the lead office invites a person of a unit — a school, a
// member department, the bureau, a local government — or an inspector; the bureau invites
// schools (domain/accounts.ts). The person gets a mail whose link sets the password once within
// 7 days. Below, the invitations sent and what became of them.
import { Alert, App as AntApp, Button, Form, Input, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ROLE_LABELS, type Role } from '../../../common/hazard';
import { INVITATION_TTL_DAYS, INVITES, unitKindOf } from '../../../domain/accounts';
import { api, ApiError, type Me } from '../api';
import { useApi } from '../useApi';
import { atMostChars, filledIn, zhApiError } from '../zh';

export interface InvitableUnits {
  departments: { id: string; name: string }[];
  schools: { id: string; name: string }[];
  jurisdictions: { id: string; governmentName: string }[];
}

interface InvitationRow {
  id: string;
  email: string;
  name: string;
  roleLabel: string;
  unitName: string;
  status: 'pending' | 'accepted' | 'expired' | 'revoked';
  createdAt: string;
}

const STATUS: Record<InvitationRow['status'], [string, string]> = {
  pending: ['待开通', 'processing'],
  accepted: ['已开通', 'success'],
  expired: ['已过期', 'default'],
  revoked: ['已作废', 'default'],
};

export function InviteAccount({ me, units }: { me: Me; units: InvitableUnits }) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const roles = INVITES[me.role];
  const role = Form.useWatch<Role | undefined>('role', form);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const list = useApi<{ items: InvitationRow[] }>('/api/invitations');

  const kind = role ? unitKindOf(role) : undefined;
  const unitOptions =
    kind === 'department'
      ? units.departments.map((d) => ({ value: d.id, label: d.name }))
      : kind === 'school'
        ? units.schools.map((s) => ({ value: s.id, label: s.name }))
        : kind === 'jurisdiction'
          ? units.jurisdictions.map((j) => ({ value: j.id, label: j.governmentName }))
          : [];

  const submit = async (v: { role: Role; unitId?: string; name: string; email: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', '/api/invitations', { role: v.role, ...(kind ? { unitId: v.unitId } : {}), name: v.name.trim(), email: v.email.trim() });
      message.success(`邀请邮件已发送至 ${v.email.trim()}，链接${INVITATION_TTL_DAYS}日内有效`);
      form.resetFields();
      await list.reload();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setError('该邮箱已开通账号，无需再次邀请');
      else {
        const e = zhApiError(err);
        for (const [name, msg] of Object.entries(e.fields)) form.setFields([{ name, errors: [msg] }]);
        setError(e.message);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="invite-account">
      <Typography.Paragraph type="secondary">
        填写被邀请人的单位、姓名和电子邮箱，系统发送开通邀请邮件；被邀请人点击邮件中的链接设置密码后即可登录。链接{INVITATION_TTL_DAYS}
        日内有效、仅可使用一次；再次邀请同一邮箱，此前的链接作废。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        name="invite"
        layout="vertical"
        onFinish={(v) => void submit(v)}
        style={{ maxWidth: 480 }}
        onValuesChange={(changed) => 'role' in changed && form.setFieldValue('unitId', undefined)}
      >
        <Form.Item label="角色" name="role" rules={[{ required: true, message: '请选择角色' }]}>
          <Select options={roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} placeholder="请选择" />
        </Form.Item>
        {kind && (
          <Form.Item label="单位" name="unitId" rules={[{ required: true, message: '请选择单位' }]}>
            <Select showSearch optionFilterProp="label" options={unitOptions} placeholder="请选择或输入名称查找" />
          </Form.Item>
        )}
        <Form.Item label="姓名" name="name" rules={[filledIn('请填写姓名'), atMostChars(100, '姓名不超过100字')]}>
          <Input />
        </Form.Item>
        <Form.Item
          label="电子邮箱"
          name="email"
          rules={[
            { required: true, message: '请填写电子邮箱' },
            { type: 'email', message: '电子邮箱格式不正确' },
          ]}
        >
          <Input inputMode="email" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} size="large">
          发送邀请
        </Button>
      </Form>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        已发送的邀请
      </Typography.Title>
      <Table<InvitationRow>
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items}
        pagination={{ pageSize: 10, showSizeChanger: false }}
        scroll={{ x: 560 }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 90 },
          { title: '单位', key: 'unit', width: 180, render: (_, r) => `${r.unitName}（${r.roleLabel}）` },
          { title: '电子邮箱', dataIndex: 'email', width: 200 },
          { title: '状态', dataIndex: 'status', width: 80, render: (s: InvitationRow['status']) => <Tag color={STATUS[s][1]}>{STATUS[s][0]}</Tag> },
        ]}
      />
    </div>
  );
}
