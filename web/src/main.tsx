import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { SessionProvider } from './session';
import './styles.css';

dayjs.locale('zh-cn');

/** A phone's width (the stylesheet's breakpoint): antd's large size there, 40 px controls to touch. */
const PHONE = window.matchMedia('(max-width: 600px)');

function Root() {
  const [phone, setPhone] = useState(PHONE.matches);
  useEffect(() => {
    const on = () => setPhone(PHONE.matches);
    PHONE.addEventListener('change', on);
    return () => PHONE.removeEventListener('change', on);
  }, []);
  return (
    <ConfigProvider
      locale={zhCN}
      componentSize={phone ? 'large' : 'middle'}
      // Links in the system's blue; white on a danger button, secondary text and placeholders dark enough to read on white and on the page's grey (WCAG AA).
      theme={{
        token: {
          colorPrimary: '#1f4e9c',
          colorLink: '#1f4e9c',
          colorInfo: '#1f4e9c',
          colorError: '#cf1322',
          colorTextDescription: 'rgba(0, 0, 0, 0.65)',
          colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
          borderRadius: 4,
          fontFamily: '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif',
        },
      }}
    >
      <AntApp>
        <SessionProvider>
          <App />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(<Root />);
