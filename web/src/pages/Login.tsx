import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api';
import { navigate } from '../router';
import { zhApiError } from '../zh';

export function Login({ onSignedIn }: { onSignedIn(): Promise<unknown> }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const next = new URLSearchParams(window.location.search).get('next');
  return (
    <Card style={{ maxWidth: 420, margin: '32px auto' }}>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        登录
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        领导小组办公室、教育局、验收人员及属地政府工作人员使用本单位账号登录。成员单位和学校可直接点击通知邮件中的“办理入口”链接办理，无需密码。
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form
        name="login"
        layout="vertical"
        onFinish={async (v: { email: string; password: string }) => {
          setBusy(true);
          setError(undefined);
          try {
            await api('POST', '/api/session', { email: v.email, password: v.password });
            await onSignedIn();
            navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', true);
          } catch (err) {
            setError(zhApiError(err).message);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item label="电子邮箱" name="email" rules={[{ required: true, message: '请填写电子邮箱' }]}>
          <Input autoComplete="username" inputMode="email" />
        </Form.Item>
        <Form.Item label="密码" name="password" rules={[{ required: true, message: '请填写密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          登录
        </Button>
      </Form>
    </Card>
  );
}
