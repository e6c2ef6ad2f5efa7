// The organisation directory: readable by every role, edited by the lead, contacts validated.
import { jurisdictionEntry } from '../support/builders';
import { useHarness } from '../support/harness';
import { uniqueId } from '../support/hazard-helpers';

const h = useHarness({ temporal: 'none' });

test('every role reads the seeded directory', async () => {
  for (const key of ['lead', 'bureau', 'market', 'school', 'inspector', 'government']) {
    const departments = await h.request('GET', '/api/departments', { key });
    expect(departments.status).toBe(200);
    expect(departments.body.items.map((d: any) => d.name)).toEqual(expect.arrayContaining(['区教育局', '公安鱼峰分局', '区市场监管局', '鱼峰交警大队']));
  }
  const schools = await h.request('GET', '/api/schools?jurisdictionId=yufeng', { key: 'school' });
  expect(schools.body.total).toBeGreaterThanOrEqual(32);
  const jurisdictions = await h.request('GET', '/api/jurisdictions', { key: 'market' });
  expect(jurisdictions.body.items.find((j: { id: string }) => j.id === 'yufeng')).toMatchObject({ id: 'yufeng', governmentName: '鱼峰区人民政府', educationBureauId: 'edu' }); // other files may add jurisdictions
});

test('the lead adds and edits units; contacts must be email addresses; others may not edit', async () => {
  // A jurisdiction of its own, so the sample district the other tests count stays as seeded.
  const jurisdictionId = uniqueId('street');
  const street = await h.request('PUT', `/api/jurisdictions/${jurisdictionId}`, {
    key: 'lead',
    body: jurisdictionEntry('测试街道', 'street', 'street.test.example'),
  });
  expect(street.status).toBe(201);
  const id = uniqueId('school');
  const body = { jurisdictionId, name: '鱼峰区新建小学', kind: 'primary', principalName: '王新', principalEmail: 'principal-new@yufeng.example' };
  expect((await h.request('PUT', `/api/schools/${id}`, { key: 'bureau', body })).status).toBe(403);
  const bad = await h.request('PUT', `/api/schools/${id}`, { key: 'lead', body: { ...body, principalEmail: 'not-an-email' } });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details).toEqual([expect.objectContaining({ field: 'body.principalEmail', reason: 'must be an email address' })]);
  expect(await h.db.school.findUnique({ where: { id } })).toBeNull();
  expect((await h.request('PUT', `/api/schools/${id}`, { key: 'lead', body })).status).toBe(201);
  const edited = await h.request('PUT', `/api/schools/${id}`, { key: 'lead', body: { ...body, principalName: '王校长' } });
  expect(edited.status).toBe(200);
  expect(edited.body.principalName).toBe('王校长');
  const elsewhere = await h.request('PUT', `/api/departments/${uniqueId('d')}`, {
    key: 'lead',
    body: { jurisdictionId: 'nowhere', name: 'x', kind: 'health', contactName: 'x', contactEmails: ['a@b.example'], leaderName: 'y', leaderEmail: 'y@b.example' },
  });
  expect(elsewhere.status).toBe(404);
});
