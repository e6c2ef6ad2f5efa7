// A mail's link: the token becomes a session, and the person lands on the item's page.
import { Button, Result, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { api, ApiError } from '../api';
import { pageOfSubject } from '../session';
import { navigate } from '../router';

const TITLES: Record<string, string> = {
  link_expired: '链接已过期',
  link_revoked: '链接已停用',
  link_tampered: '链接无效',
};

export function LinkLanding({ token, onSignedIn }: { token: string; onSignedIn(): Promise<unknown> }) {
  const [error, setError] = useState<{ title: string; message: string }>();
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        const r = await api<{ subject: string }>('POST', '/api/session/link', { token });
        await onSignedIn();
        if (!cancelled) navigate(pageOfSubject(r.subject), true);
      } catch (err) {
        if (cancelled) return;
        if (err instanceof ApiError && TITLES[err.code]) setError({ title: TITLES[err.code], message: err.message });
        else setError({ title: '暂时无法打开', message: '网络或系统异常，请稍后重新点击邮件中的链接。' });
      }
    })();
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token]);
  if (error) {
    return (
      <Result
        status="warning"
        title={<span data-testid="link-error">{error.title}</span>}
        subTitle={error.message}
        extra={<Button onClick={() => navigate('/login')}>使用账号登录</Button>}
      />
    );
  }
  return (
    <div style={{ textAlign: 'center', padding: 64 }}>
      <Spin />
      <div style={{ marginTop: 16 }}>正在核验链接…</div>
    </div>
  );
}
