// 开通账号: the page an invitation mail links to (/invite#<token>). It shows what the invitation is
// for and sets the password, once; the token stays in the #fragment, never sent in a URL.
import { Alert, Button, Card, Descriptions, Form, Input, Result, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api';
import { navigate } from '../router';
import { zhApiError } from '../zh';

interface Invitation {
  email: string;
  name: string;
  roleLabel: string;
  unitName: string;
  expiresAt: string;
}

/** A time as people write it (Asia/Shanghai): 2026年12月13日17时. */
const formatHour = (iso: string) => {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}年${p.month}月${p.day}日${Number(p.hour)}时${Number(p.minute) ? `${Number(p.minute)}分` : ''}`;
};

export function InvitationPage() {
  const token = decodeURIComponent(window.location.hash.slice(1));
  const [invitation, setInvitation] = useState<Invitation>();
  const [refused, setRefused] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string>();

  useEffect(() => {
    if (!token) {
      setRefused('邀请链接不完整，请从邀请邮件中重新打开');
      return;
    }
    api<Invitation>('POST', '/api/invitation', { token }).then(setInvitation, (err) =>
      setRefused(err instanceof ApiError && (err.status === 404 || err.status === 410) ? err.message : zhApiError(err).message),
    );
  }, [token]);

  if (done) {
    return (
      <Result
        status="success"
        title="账号已开通"
        subTitle={`请使用登录邮箱 ${done} 和刚才设置的密码登录。`}
        extra={
          <Button type="primary" size="large" onClick={() => navigate('/login', true)}>
            去登录
          </Button>
        }
      />
    );
  }
  if (refused) {
    return (
      <Result
        status="warning"
        title="无法开通账号"
        subTitle={refused}
        extra={
          <Button size="large" onClick={() => navigate('/login', true)}>
            去登录
          </Button>
        }
      />
    );
  }
  if (!invitation) {
    return (
      <div style={{ textAlign: 'center', padding: 64 }}>
        <Spin />
      </div>
    );
  }
  return (
    <Card style={{ maxWidth: 480, margin: '24px auto' }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        开通账号
      </Typography.Title>
      <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
        <Descriptions.Item label="姓名">{invitation.name}</Descriptions.Item>
        <Descriptions.Item label="单位">{invitation.unitName}</Descriptions.Item>
        <Descriptions.Item label="角色">{invitation.roleLabel}</Descriptions.Item>
        <Descriptions.Item label="登录邮箱">{invitation.email}</Descriptions.Item>
        <Descriptions.Item label="链接有效期至">{formatHour(invitation.expiresAt)}</Descriptions.Item>
      </Descriptions>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form
        name="invitation"
        layout="vertical"
        onFinish={async (v: { password: string }) => {
          setBusy(true);
          setError(undefined);
          try {
            const r = await api<{ email: string }>('POST', '/api/invitation/accept', { token, password: v.password });
            window.history.replaceState(null, '', '/invite');
            setDone(r.email);
          } catch (err) {
            if (err instanceof ApiError && err.status === 410) setRefused(err.message);
            else setError(zhApiError(err).message);
          } finally {
            setBusy(false);
          }
        }}
      >
        {/* The address as the browser's password manager should remember it. */}
        <input type="hidden" name="username" autoComplete="username" value={invitation.email} readOnly />
        <Form.Item
          label="设置密码"
          name="password"
          hasFeedback
          rules={[
            { required: true, message: '请设置密码' },
            { min: 10, message: '密码至少10位' },
            { max: 200, message: '密码不超过200位' },
          ]}
        >
          <Input.Password autoComplete="new-password" size="large" />
        </Form.Item>
        <Form.Item
          label="确认密码"
          name="confirm"
          dependencies={['password']}
          hasFeedback
          rules={[
            { required: true, message: '请再次输入密码' },
            ({ getFieldValue }) => ({ validator: (_, value) => (!value || getFieldValue('password') === value ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致'))) }),
          ]}
        >
          <Input.Password autoComplete="new-password" size="large" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy}>
          开通账号
        </Button>
      </Form>
    </Card>
  );
}
