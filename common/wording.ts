// Marks as official Chinese writes them, for every text a person reads (mails, pages, CSV).

/**
 * A name in quotation marks: “…”, its own quotation marks turned single inside (“…‘三无’…”); a
 * name that is a book title (《…》) as it is, without quotation marks around the title marks.
 */
export function quoted(name: string): string {
  const text = name.trim();
  if (/^《[^《》]*》$/.test(text)) return text;
  return `“${text.replace(/“/g, '‘').replace(/”/g, '’')}”`;
}

/**
 * A hazard's 编号 as a page, a mail, the 台账 and the 通报 show it: its running number in its
 * campaign, "第12号" (a number within one campaign, as a 通报 numbers its 期 and a 文号 its 号); a
 * hazard reported before numbers were given shows its id.
 */
export const hazardNumberText = (h: { id: string; number?: number | null }): string => (h.number ? `第${h.number}号` : h.id);

/**
 * A closure rate (销号率, 动态清零率) as people read it: "87.5%"; "—" when nothing was counted
 * (no hazard found, or every one withdrawn): a rate of nothing is no 100%.
 */
export const rateText = (rate: number, counted: number): string => (counted > 0 ? `${Math.round(rate * 1000) / 10}%` : '—');

/**
 * The overall rate of a campaign (全部隐患整改销号率 of a 通报, 动态清零率 of the dashboard) as the 通报's
 * mail, its pages and the dashboard state it: "87.5%"; "—（尚未发现隐患）" when no hazard was found.
 */
export const overallRateText = (rate: number, counted: number): string => (counted > 0 ? rateText(rate, counted) : '—（尚未发现隐患）');
