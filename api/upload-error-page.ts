// What a person who opens a photo's address (/api/uploads/…, printed in a mail or linked from a
// page) sees when it cannot be shown: a page in Chinese, not the API's JSON error. The API's
// clients (Accept: application/json, or no preference for HTML) still get the JSON error.
import type { Request } from 'express';

/** A browser's navigation to a photo: a GET of /api/uploads/… whose Accept prefers HTML to JSON. */
export function wantsPhotoPage(req: Request): boolean {
  return req.method === 'GET' && req.originalUrl.startsWith('/api/uploads/') && req.accepts(['json', 'html']) === 'html';
}

/** Why the photo cannot be shown, by the answer's status, as its page says it. */
function reasonOf(status: number): { title: string; text: string } {
  if (status === 401) return { title: '请先登录', text: '查看照片需要先登录护校安园督办系统。请从邮件中的办理入口进入，或登录后在隐患页面查看照片。' };
  if (status === 403) return { title: '无权查看此照片', text: '此照片所属的隐患不在您单位的职责范围内，或您使用的链接只能打开其他事项。' };
  if (status === 404 || status === 400) return { title: '照片不存在或已过期', text: '此照片地址无效，或照片已被删除。请在隐患页面查看现有照片。' };
  if (status === 429) return { title: '访问过于频繁', text: '请稍后再打开此照片。' };
  return { title: '照片暂时无法打开', text: '系统暂时无法读取此照片，请稍后再试。' };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page of a photo that cannot be shown (status kept: 401, 403, 404…). */
export function photoErrorPage(status: number): string {
  const { title, text } = reasonOf(status);
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - 护校安园</title>
<style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;padding:24px 16px;color:#1f1f1f;line-height:1.6}main{max-width:32em;margin:0 auto}h1{font-size:20px}a{color:#1677ff}</style>
</head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p><p><a href="/">返回护校安园督办系统</a></p></main></body></html>`;
}
