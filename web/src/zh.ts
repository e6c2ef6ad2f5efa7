// Errors in Chinese: the zod issues of the API's own schemas, and the API's refusals.
import type { z } from 'zod';
import type { FormInstance } from 'antd';
import { ApiError } from './api';

/** Beside a field left empty. */
export const FILL_IN = '请填写此项';
/** Beside a text longer than `max` characters. */
const tooLong = (max: number | undefined) => `不能超过${max}个字`;

/** A form's rule, in the words of the API's refusals (zhIssue): a text filled in, not only spaces. */
export const filledIn = (message = FILL_IN) => ({ required: true, whitespace: true, message });
/** A form's rule, in the words of the API's refusals (zhIssue): a text of at most `max` characters. */
export const atMostChars = (max: number, message = tooLong(max)) => ({ max, message });

/** A zod issue as a person reads it beside the field. */
export function zhIssue(issue: z.core.$ZodIssue): string {
  const i = issue as z.core.$ZodIssue & { minimum?: number; maximum?: number; format?: string; origin?: string; input?: unknown };
  switch (i.code) {
    case 'too_small':
      return i.origin === 'array' ? `至少${i.minimum}项` : i.origin === 'number' ? `不能小于${i.minimum}` : FILL_IN;
    case 'too_big':
      return i.origin === 'array' ? `最多${i.maximum}项` : i.origin === 'number' ? `不能大于${i.maximum}` : tooLong(i.maximum);
    case 'invalid_type':
      return i.input === undefined ? FILL_IN : '填写的内容格式不正确';
    case 'invalid_format':
      return i.format === 'url'
        ? '请填写以 http:// 或 https:// 开头的网址'
        : i.format === 'datetime'
          ? '请选择日期和时间'
          : i.format === 'regex' && i.message.includes('mobile')
            ? '手机号码应为以1开头的11位数字'
            : '格式不正确';
    case 'invalid_value':
      return '请从选项中选择';
    case 'custom':
      return i.message.includes('newDueAt') ? '通过时无需填写新的整改期限' : i.message.includes('在校生数') ? '不能多于在校生数' : '填写的内容不符合要求';
    default:
      return '填写的内容不符合要求';
  }
}

/** Field → message, from a zod error (the first issue of each field). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '_');
    out[field] ??= zhIssue(issue);
  }
  return out;
}

const MESSAGES: [RegExp, string][] = [
  [/must be in the future/, '须晚于当前时间'],
  [/must not exceed 在校生数/, '不能多于在校生数'],
  [/must give its reason/, '不通过的，须写明原因'],
  [/must be later than the current deadline/, '须晚于现行整改期限'],
  [/already awaiting a decision/, '已有延期申请正在审批中'],
  [/no extension request is awaiting/, '没有待审批的延期申请'],
  [/already under listed supervision/, '该隐患已在挂牌督办中'],
  [/look-back check .* already recorded/, '回头看结果已登记'],
  [/its closed loop has ended/, '该隐患已办结，不能再办理'],
  [/only the responsible unit/, '只有责任单位或教育局可以办理'],
  [/already submitted "/, '本期已报送，无需重复报送'],
  [/does not owe|owes no reports/, '本单位无需报送此事项'],
  [/has no obligation/, '报送事项不存在'],
  [/has no period/, '报送期次不存在'],
  [/not a member department/, '该单位不是本次专项行动的成员单位'],
  [/a co-operating unit sees this hazard/, '配合单位可查看此隐患，由牵头单位办理'],
  [/the lead unit \(牵头单位\)$/, '牵头单位不必再列为配合单位'],
  [/may not|not within your remit|opens .* only/, '无权办理此事项'],
  [/cannot .* a hazard that is/, '该隐患当前状态不允许此操作，请刷新页面查看最新状态'],
];

/** An API refusal: the message for the form, and messages for its fields. */
export function zhApiError(err: unknown): { message: string; fields: Record<string, string> } {
  if (!(err instanceof ApiError)) return { message: '网络异常，请稍后重试', fields: {} };
  if (/[\u4e00-\u9fa5]/.test(err.message)) return { message: err.message, fields: {} };
  const translate = (m: string) => MESSAGES.find(([re]) => re.test(m))?.[1];
  const fields: Record<string, string> = {};
  for (const d of err.details ?? []) {
    const field = d.field.split('.')[1];
    if (field) fields[field] ??= translate(d.reason) ?? '填写的内容不符合要求';
  }
  const fromMessage = err.message.match(/^(\w+) must/);
  if (fromMessage && translate(err.message)) fields[fromMessage[1]] ??= translate(err.message)!;
  if (err.status === 401) return { message: '登录已失效，请重新登录或从通知邮件中重新打开链接', fields };
  if (err.status === 403) return { message: translate(err.message) ?? '无权办理此事项', fields };
  if (err.status === 409) return { message: translate(err.message) ?? '该隐患当前状态不允许此操作，请刷新页面查看最新状态', fields };
  if (err.status === 413) return { message: '照片太大，请压缩后重新上传', fields };
  if (err.status === 415) return { message: '只能上传 JPEG、PNG 或 WebP 格式的照片', fields };
  if (err.status === 429) return { message: '操作过于频繁，请稍后再试', fields };
  return { message: Object.keys(fields).length ? '请按提示修改后重新提交' : (translate(err.message) ?? '提交失败，请稍后重试'), fields };
}

/**
 * A form's `onValuesChange`: a field that changes loses the refusal shown beside it (set with
 * setFields on submit), so a message never stays once its field is fixed; the next submit checks again.
 */
export const clearFixedErrors =
  (form: FormInstance) =>
  (changed: Record<string, unknown>): void =>
    form.setFields(Object.keys(changed).map((name) => ({ name, errors: [] })));
