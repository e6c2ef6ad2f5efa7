// 通报 as a document (issue 28, item 2): an A4 PDF in the layout of GB/T 9704-2012 (党政机关公文格式)
// — the 发文机关标志 in red, the 文号 under it and the red 版头 line, the 标题, the 主送机关, the 正文
// (黑榜, hazards overdue and under 挂牌督办, each unit's closure rate as a table), the 发文机关署名 and
// 成文日期, a page number "— 1 —" on each page. Rendered in Node by pdfkit with a CJK font from
// Debian (fonts-wqy-microhei's .ttc, the member WenQuanYiMicroHei; fonts-noto-cjk works too): no
// browser in production. The web page's download and the bulletin mail's attachment are the same bytes.
import { existsSync } from 'node:fs';
import type PDFKitDocument from 'pdfkit';
import { HAZARD_LEVEL_LABELS, type HazardLevel } from '../common/hazard';
import { DEFAULT_TIME_ZONE, formatDate, formatDeadline } from '../common/time';
import { campaignTimeZone } from '../common/campaign';
import type { Database } from '../common/database';
import type { BulletinHazardLine, BulletinView } from '../common/views';
import { hazardNumberText, quoted, rateText } from '../common/wording';
import { bulletinHazardsCounted, slowAcknowledgementText } from '../domain/campaign/bulletins';

/** The CJK fonts looked for, first found wins: [file, member of a collection]. CJK_FONT_PATH names another. */
export const CJK_FONTS: [string, string | undefined][] = [
  ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 'WenQuanYiMicroHei'],
  ['/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', 'NotoSerifCJKsc-Regular'],
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
];

export function cjkFont(): [string, string | undefined] {
  const own = process.env.CJK_FONT_PATH;
  if (own) return [own, process.env.CJK_FONT_FAMILY || undefined];
  const found = CJK_FONTS.find(([file]) => existsSync(file));
  if (!found) throw new Error('no CJK font for the 通报 PDF: install fonts-wqy-microhei (Debian) or set CJK_FONT_PATH');
  return found;
}

const mm = (x: number) => (x * 72) / 25.4;
/** GB/T 9704: 版心 156 mm × 225 mm, 天头 37 mm, 订口 28 mm. */
const PAGE = { top: mm(37), left: mm(28), width: mm(156), height: mm(225) };
const RED = '#E60012';
/** 三号 (16 pt) 正文, 二号 (22 pt) 标题, 四号 (14 pt) 页码. */
const SIZE = { body: 16, title: 22, pageNo: 14 };
const LINE_GAP = 12;
const INDENT = SIZE.body * 2;

export interface BulletinDocument {
  bulletin: BulletinView;
  campaignName: string;
  /** 发文机关: the campaign's lead office (领导小组办公室). */
  issuer: string;
  timeZone?: string;
}

/** What the 通报 document names besides the bulletin: the campaign, its lead office (发文机关), its zone. */
export async function bulletinDocumentOf(db: Database, bulletin: BulletinView, fallbackZone?: string): Promise<BulletinDocument> {
  const campaign = await db.campaign.findUnique({ where: { id: bulletin.campaignId }, select: { name: true, jurisdictionId: true, policy: true } });
  const jurisdiction = campaign ? await db.jurisdiction.findUnique({ where: { id: campaign.jurisdictionId }, select: { leadOfficeName: true } }) : null;
  const timeZone = campaignTimeZone(campaign?.policy, fallbackZone);
  return { bulletin, campaignName: campaign?.name ?? bulletin.campaignId, issuer: jurisdiction?.leadOfficeName || '领导小组办公室', timeZone };
}

/** The 文件 name of a bulletin's PDF. */
export const bulletinPdfName = (b: BulletinView) => `${b.campaignId}-通报-第${b.no}期.pdf`;

/** The bulletin as an A4 PDF (GB/T 9704 layout). */
export function bulletinPdf({ bulletin: b, campaignName, issuer, timeZone = DEFAULT_TIME_ZONE }: BulletinDocument): Promise<Buffer> {
  const [fontFile, family] = cjkFont();
  // Loaded when a bulletin is first rendered, not at every process's start: pdfkit alone is about a
  // second of a worker's start on a loaded machine (docs/benchmarks: a worker's start), time its workflows wait.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, on purpose (above)
  const PDFDocument = require('pdfkit') as typeof PDFKitDocument;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.top, left: PAGE.left, right: 595.28 - PAGE.left - PAGE.width, bottom: 841.89 - PAGE.top - PAGE.height },
    bufferPages: true,
    info: { Title: `${campaignName}第${b.no}期通报`, Author: issuer, Subject: b.docNo ?? `第${b.no}期通报`, CreationDate: new Date(b.issuedAt) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', fontFile, family);
  doc.font('cjk');
  const c = b.content;
  const x = PAGE.left;
  const w = PAGE.width;

  // 版头: 发文机关标志 (red, centred, as large as fits on one line), 文号, the red line.
  const markSize = Math.min(30, Math.floor(w / [...issuer].length));
  doc.fillColor(RED).fontSize(markSize).text(issuer, x, PAGE.top, { width: w, align: 'center', characterSpacing: 0 });
  doc.moveDown(1.2);
  doc
    .fillColor('black')
    .fontSize(SIZE.body)
    .text(b.docNo ?? `第${b.no}期`, x, doc.y, { width: w, align: 'center' });
  const lineY = doc.y + mm(4);
  doc
    .save()
    .moveTo(x, lineY)
    .lineTo(x + w, lineY)
    .lineWidth(1.5)
    .strokeColor(RED)
    .stroke()
    .restore();
  doc.y = lineY + SIZE.body * 1.5;

  // 标题, 主送机关.
  doc.fontSize(SIZE.title).text(`关于${campaignName}第${b.no}期工作情况的通报`, x, doc.y, { width: w, align: 'center', lineGap: 6 });
  doc.moveDown(1);
  const para = (text: string, indent = INDENT) => doc.fontSize(SIZE.body).fillColor('black').text(text, x, doc.y, { width: w, indent, lineGap: LINE_GAP, align: 'justify' });
  para('各成员单位、各学校：', 0);

  // 正文.
  para(`现将${campaignName}第${b.no}期工作情况通报如下（截至${formatDate(b.issuedAt, timeZone)}）：`);
  para(c.blacklist.length ? `一、未按时完成任务的单位（黑榜，共${c.blacklist.length}个）` : '一、本期无未按时完成任务的单位。');
  c.blacklist.forEach((u, i) => para(`${i + 1}.${u.name}：${u.reasons.map((r) => (r.count > 1 ? `${r.reason}（${r.count}次）` : r.reason)).join('；')}`));
  const hazardLine = (h: BulletinHazardLine, i: number, limit: string) =>
    para(
      `${i + 1}.${quoted(h.title)}（${h.number ? `${hazardNumberText({ id: h.hazardId, number: h.number })}，` : ''}${HAZARD_LEVEL_LABELS[h.level as HazardLevel] ?? h.level}，${h.schoolName}，责任单位：${h.responsible}，${limit}：${h.dueAt ? formatDeadline(h.dueAt, timeZone) : '未设定'}）`,
    );
  para(c.overdueHazards.length ? `二、逾期未整改隐患（${c.overdueHazards.length}项）` : '二、本期无逾期未整改隐患。');
  c.overdueHazards.forEach((h, i) => hazardLine(h, i, '整改期限'));
  para(c.listedSupervision.length ? `三、挂牌督办隐患（${c.listedSupervision.length}项）` : '三、本期无挂牌督办隐患。');
  c.listedSupervision.forEach((h, i) => hazardLine(h, i, '督办期限'));
  // The rates as the mail and the pages write them (common/wording.ts); the 合计 counts each hazard once, by its school.
  const counted = bulletinHazardsCounted(c);
  para(`四、各单位隐患整改销号率（全部隐患整改销号率${rateText(c.closureRate, counted)}）`);
  if (c.closureByUnit.length)
    closureTable(
      doc,
      c.closureByUnit.map((u) => [u.name, String(u.total), String(u.closed), rateText(u.closureRate, u.total)]),
      ['合计', String(counted), String(c.closureByUnit.filter((u) => u.unitType === 'school').reduce((n, u) => n + u.closed, 0)), rateText(c.closureRate, counted)],
    );
  else para('本期尚无隐患。');
  // 签收: the units slow to acknowledge their 整改通知书 / 挂牌督办, when there are any.
  if (c.slowAcknowledgements?.length) {
    para(`五、签收不及时的单位（共${c.slowAcknowledgements.length}项）`);
    c.slowAcknowledgements.forEach((l, i) => para(`${i + 1}.${slowAcknowledgementText(l)}`));
  }
  para(c.blacklist.length ? '列入黑榜的单位须在责令限期内整改到位并报送整改情况；各单位要对照通报查漏补缺，确保问题动态清零。' : '各单位要对照通报查漏补缺，确保问题动态清零。');

  // 落款: 发文机关署名 and 成文日期, 右空四字.
  doc.moveDown(2);
  const right = { width: w - SIZE.body * 4, align: 'right' as const };
  if (doc.y + (SIZE.body + LINE_GAP) * 2 > PAGE.top + PAGE.height) doc.addPage();
  doc.fontSize(SIZE.body).text(issuer, x, doc.y, right);
  doc.text(formatDate(b.issuedAt, timeZone), x, doc.y + 4, right);

  // 页码: "— 1 —", 四号, 单页居右空一字, 双页居左空一字.
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i += 1) {
    doc.switchToPage(range.start + i);
    // The number sits below the 版心: no new page for it.
    doc.page.margins.bottom = 0;
    const n = i + 1;
    const y = PAGE.top + PAGE.height + mm(7);
    doc.fontSize(SIZE.pageNo).fillColor('black');
    const opts = { width: w - SIZE.pageNo, lineBreak: false, align: n % 2 ? ('right' as const) : ('left' as const) };
    doc.text(`— ${n} —`, n % 2 ? x : x + SIZE.pageNo, y, opts);
  }
  doc.end();
  return done;
}

/** The closure-rate table: 单位, 隐患数, 已销号, 销号率, and the 合计 row; its header again on a new page. */
function closureTable(doc: PDFKit.PDFDocument, rows: string[][], total: string[]): void {
  const x = PAGE.left;
  const widths = [PAGE.width * 0.52, PAGE.width * 0.16, PAGE.width * 0.16, PAGE.width * 0.16];
  const size = 12;
  const pad = 4;
  const header = ['单位', '隐患数', '已销号', '销号率'];
  const rowHeight = (cells: string[]) => Math.max(...cells.map((t, i) => doc.fontSize(size).heightOfString(t, { width: widths[i] - 2 * pad }))) + 2 * pad;
  const draw = (cells: string[], bold = false) => {
    const hgt = rowHeight(cells);
    if (doc.y + hgt > PAGE.top + PAGE.height) {
      doc.addPage();
      doc.y = PAGE.top;
      if (!bold) draw(header, true);
    }
    let cx = x;
    const y = doc.y;
    cells.forEach((t, i) => {
      doc.save().rect(cx, y, widths[i], hgt).lineWidth(0.5).strokeColor('black').stroke().restore();
      doc
        .fontSize(size)
        .fillColor('black')
        .text(t, cx + pad, y + pad, { width: widths[i] - 2 * pad, align: i === 0 ? 'left' : 'center' });
      cx += widths[i];
    });
    doc.y = y + hgt;
  };
  doc.moveDown(0.3);
  draw(header, true);
  for (const r of rows) draw(r);
  draw(total);
  doc.x = x;
  doc.moveDown(0.8);
}

/** A kept bulletin's PDF as a mail attachment. */
export async function bulletinPdfAttachment(db: Database, bulletin: BulletinView): Promise<{ filename: string; contentType: string; content: Buffer }> {
  return { filename: bulletinPdfName(bulletin), contentType: 'application/pdf', content: await bulletinPdf(await bulletinDocumentOf(db, bulletin)) };
}
