// A realistic sample directory: 鱼峰区 (the Yufeng 2023 campaign's district) with the member
// departments the source documents name, and a few dozen schools and kindergartens.
// Addresses use the reserved `.example` domain. Seeding is idempotent (upserts by id).
import type { Database } from '../common/database';

const MAIL = 'yufeng.example';

export const SAMPLE_JURISDICTION = {
  id: 'yufeng',
  name: '鱼峰区',
  level: 'district',
  governmentName: '鱼峰区人民政府',
  governmentContactName: '区政府办公室 韦主任',
  governmentEmail: `gov-office@${MAIL}`,
  leadOfficeName: '鱼峰区护校安园专项行动领导小组办公室',
  leadOfficeEmail: `huxiao-office@${MAIL}`,
  educationBureauId: 'edu',
};

/** [id, name, kind, contact, leader] — the member departments (成员单位) of the sources. */
export const DEPARTMENTS: [string, string, string, string, string][] = [
  ['edu', '区教育局', 'education_bureau', '安全股 覃股长', '黄副局长'],
  ['police', '公安鱼峰分局', 'public_security', '治安大队 蓝大队长', '莫副局长'],
  ['traffic', '鱼峰交警大队', 'traffic_police', '秩序中队 梁中队长', '陆副大队长'],
  ['market', '区市场监管局', 'market_supervision', '食品安全科 韦科长', '罗副局长'],
  ['enforcement', '区执法局', 'urban_management', '市容科 潘科长', '吴副局长'],
  ['culture', '区文体广旅局', 'culture_tourism', '文化市场科 廖科长', '周副局长'],
  ['health', '区卫生健康局', 'health', '疾控科 唐科长', '何副局长'],
  ['housing', '区住建局', 'housing_construction', '质安站 赵站长', '孙副局长'],
  ['civil', '区民政局', 'civil_affairs', '社会事务股 马股长', '刘副局长'],
  ['justice', '区司法局', 'justice', '普法股 杨股长', '郑副局长'],
  ['emergency', '区应急局', 'emergency_management', '防灾减灾股 邓股长', '谢副局长'],
  ['transport', '区交通局', 'transport', '运输股 冯股长', '曾副局长'],
  ['fire', '鱼峰消防救援大队', 'fire', '防火监督科 朱科长', '许副大队长'],
  ['cyber', '区委网信办', 'cyberspace', '网络管理科 林科长', '高副主任'],
];

/** [id, name, kind, principal] */
const SCHOOLS: [string, string, string, string][] = [
  ['s01', '鱼峰区第一实验小学', 'primary', '李明华'],
  ['s02', '鱼峰区荣军路小学', 'primary', '王丽'],
  ['s03', '鱼峰区箭盘山小学', 'primary', '张建国'],
  ['s04', '鱼峰区柳石路小学', 'primary', '刘芳'],
  ['s05', '鱼峰区东环路小学', 'primary', '陈伟'],
  ['s06', '鱼峰区驾鹤路小学', 'primary', '杨秀英'],
  ['s07', '鱼峰区德润小学', 'primary', '黄志强'],
  ['s08', '鱼峰区静兰小学', 'primary', '赵敏'],
  ['s09', '鱼峰区白沙小学', 'primary', '周平'],
  ['s10', '鱼峰区天马小学', 'primary', '吴桂兰'],
  ['s11', '鱼峰区洛维小学', 'primary', '徐军'],
  ['s12', '鱼峰区里雍镇中心小学', 'primary', '孙丽娟'],
  ['s13', '鱼峰区白沙镇中心小学', 'primary', '马海涛'],
  ['s14', '鱼峰区第一中学', 'middle', '朱红'],
  ['s15', '鱼峰区第二中学', 'middle', '胡斌'],
  ['s16', '鱼峰区箭盘山中学', 'middle', '郭静'],
  ['s17', '鱼峰区荣军中学', 'middle', '林涛'],
  ['s18', '鱼峰区柳东中学', 'middle', '何晓燕'],
  ['s19', '鱼峰区里雍镇中学', 'middle', '高强'],
  ['s20', '鱼峰区白沙镇中学', 'middle', '罗琳'],
  ['s21', '鱼峰区实验学校', 'nine_year', '郑国庆'],
  ['s22', '鱼峰区育才学校', 'nine_year', '梁春梅'],
  ['s23', '鱼峰区职业技术学校', 'vocational', '谢志明'],
  ['s24', '鱼峰区第一幼儿园', 'kindergarten', '宋雅琴'],
  ['s25', '鱼峰区第二幼儿园', 'kindergarten', '唐美玲'],
  ['s26', '鱼峰区荣军路幼儿园', 'kindergarten', '韩雪'],
  ['s27', '鱼峰区箭盘山幼儿园', 'kindergarten', '冯晓红'],
  ['s28', '鱼峰区驾鹤幼儿园', 'kindergarten', '邓丽萍'],
  ['s29', '鱼峰区里雍镇中心幼儿园', 'kindergarten', '曹玉兰'],
  ['s30', '鱼峰区白沙镇中心幼儿园', 'kindergarten', '彭小燕'],
  ['s31', '鱼峰区阳光幼儿园（民办）', 'kindergarten', '曾慧'],
  ['s32', '鱼峰区启明星幼儿园（民办）', 'kindergarten', '萧婷'],
];

export const sampleDepartmentEmail = (id: string) => `${id}@${MAIL}`;
export const sampleDepartmentLeaderEmail = (id: string) => `${id}-leader@${MAIL}`;
export const samplePrincipalEmail = (id: string) => `principal-${id}@${MAIL}`;
export const sampleSafetyOfficerEmail = (id: string) => `safety-${id}@${MAIL}`;

export async function seedDirectory(db: Database): Promise<{ departments: number; schools: number }> {
  const { educationBureauId, ...jurisdiction } = SAMPLE_JURISDICTION;
  await db.jurisdiction.upsert({ where: { id: jurisdiction.id }, create: jurisdiction, update: jurisdiction });
  for (const [id, name, kind, contactName, leaderName] of DEPARTMENTS) {
    const data = {
      jurisdictionId: jurisdiction.id,
      name,
      kind,
      contactName,
      contactEmails: [sampleDepartmentEmail(id)],
      leaderName,
      leaderEmail: sampleDepartmentLeaderEmail(id),
    };
    await db.department.upsert({ where: { id }, create: { id, ...data }, update: data });
  }
  await db.jurisdiction.update({ where: { id: jurisdiction.id }, data: { educationBureauId } });
  for (const [id, name, kind, principalName] of SCHOOLS) {
    const data = {
      jurisdictionId: jurisdiction.id,
      name,
      kind,
      principalName,
      principalEmail: samplePrincipalEmail(id),
      safetyOfficerName: `${name}安全主任`,
      safetyOfficerEmail: sampleSafetyOfficerEmail(id),
    };
    await db.school.upsert({ where: { id }, create: { id, ...data }, update: data });
  }
  return { departments: DEPARTMENTS.length, schools: SCHOOLS.length };
}
