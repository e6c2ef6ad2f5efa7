// The 一校一表 file both import benchmarks upload (scripts/bench.ts and scripts/bench-import.ts): n
// hazard rows in the import's Chinese columns, spread over the 32 sample schools and the seven
// categories; every tenth row major, every third general one fixed by the school itself. A BOM and
// CRLF, as Excel saves a CSV.
const SCHOOLS = 32;
const CATEGORIES = ['食品安全', '交通秩序', '治安秩序', '消防安全', '校舍及自然灾害', '防溺水', '校园周边环境'];
const HEADER = '学校编号,隐患类别,隐患等级,隐患名称,隐患描述,隐患位置,能否自行整改,整改期限,佐证材料';

export function benchImportCsv(n: number): string {
  const rows = Array.from({ length: n }, (_, i) => {
    const major = i % 10 === 0;
    return [
      `s${String((i % SCHOOLS) + 1).padStart(2, '0')}`,
      CATEGORIES[i % CATEGORIES.length],
      major ? '重大' : '一般',
      `导入隐患 ${i + 1}`,
      '基准测试数据',
      `校门口东侧 ${i + 1} 号点位`,
      !major && i % 3 === 0 ? '是' : '否',
      '',
      '',
    ].join(',');
  });
  return '\uFEFF' + [HEADER, ...rows].join('\r\n');
}
