// 组织名录 › 通知渠道 (lead): each unit's 钉钉 and 企业微信 group robots and its people's mobiles,
// edited through PUT /api/channels/:unitType/:unitId (docs/channels.md). The webhooks and the 加签
// secret come back masked; a field left empty keeps what is stored, 删除 removes it.
import { Alert, Button, Checkbox, Form, Input, Table, Typography } from 'antd';
import { api, type UnitChannels } from '../api';
import { useApi } from '../useApi';
import { useEditModal } from '../EditModal';

export interface ChannelUnit {
  unitType: 'school' | 'department' | 'government' | 'lead_office';
  unitId: string;
  name: string;
}
type Channels = UnitChannels;

const MOBILE = /^1[3-9]\d{9}$/;
const splitMobiles = (s: string | undefined) => (s ?? '').split(/[\s,，;；、]+/).filter(Boolean);
const mobilesRule = (max: number) => ({
  validator: async (_: unknown, v: string) => {
    const list = splitMobiles(v);
    if (list.some((m) => !MOBILE.test(m))) throw new Error('请填写11位手机号码');
    if (list.length > max) throw new Error(`最多${max}个号码`);
  },
});

export function ChannelsTab({ units }: { units: ChannelUnit[] }) {
  const list = useApi<{ items: Channels[] }>('/api/channels');
  const byUnit = new Map((list.data?.items ?? []).map((c) => [`${c.unitType}:${c.unitId}`, c]));
  const keepOr = (value: string | undefined, remove: boolean) => (remove ? null : value?.trim() ? value.trim() : undefined);
  const {
    editing,
    open: openModal,
    modal,
  } = useEditModal<ChannelUnit>({
    submit: (u, v) =>
      api('PUT', `/api/channels/${u.unitType}/${encodeURIComponent(u.unitId)}`, {
        contactMobiles: splitMobiles(v.contactMobiles),
        leaderMobiles: splitMobiles(v.leaderMobiles),
        dingtalkWebhook: keepOr(v.dingtalkWebhook, v.removeDingtalk),
        dingtalkSecret: keepOr(v.dingtalkSecret, v.removeDingtalk),
        wecomWebhook: keepOr(v.wecomWebhook, v.removeWecom),
      }),
    saved: '已保存，此后的通知将同时发送至这些渠道',
    then: () => list.reload(),
  });
  const current = editing ? byUnit.get(`${editing.unitType}:${editing.unitId}`) : undefined;

  const open = (u: ChannelUnit) => {
    const c = byUnit.get(`${u.unitType}:${u.unitId}`);
    openModal(u, { contactMobiles: c?.contactMobiles.join('，') ?? '', leaderMobiles: c?.leaderMobiles.join('，') ?? '' });
  };
  const stored = (s: string | null | undefined) => (s ? `已登记 ${s}，留空则保持不变` : '未登记');

  return (
    <div data-testid="table-channels">
      <Typography.Paragraph type="secondary">
        通知除邮件外，同时发往本单位自己的钉钉、企业微信工作群（群机器人）并以短信提醒所登记的手机。一键办理链接只发往主送单位自己的工作群，请只登记本单位的群机器人。
      </Typography.Paragraph>
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table<ChannelUnit>
        size="small"
        rowKey={(u) => `${u.unitType}:${u.unitId}`}
        loading={!list.data}
        dataSource={units}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        scroll={{ x: 700 }}
        columns={[
          { title: '单位', dataIndex: 'name', width: 170, fixed: 'left', render: (s: string) => <span className="break">{s}</span> },
          { title: '联系人手机', key: 'mobiles', width: 150, render: (_, u) => byUnit.get(`${u.unitType}:${u.unitId}`)?.contactMobiles.join('，') || '—' },
          { title: '钉钉群', key: 'dingtalk', width: 90, render: (_, u) => (byUnit.get(`${u.unitType}:${u.unitId}`)?.dingtalkWebhook ? '已登记' : '—') },
          { title: '企业微信群', key: 'wecom', width: 100, render: (_, u) => (byUnit.get(`${u.unitType}:${u.unitId}`)?.wecomWebhook ? '已登记' : '—') },
          {
            title: '操作',
            key: 'edit',
            width: 72,
            fixed: 'right',
            render: (_, u) => (
              <Button type="link" size="small" onClick={() => open(u)} data-testid={`channels-${u.unitType}-${u.unitId}`}>
                编辑
              </Button>
            ),
          },
        ]}
      />
      {modal({
        title: editing ? `通知渠道：${editing.name}` : '',
        testId: 'channels-modal',
        children: (
          <>
            <Form.Item name="contactMobiles" label="联系人手机（短信、群内@提醒）" extra="多个号码用逗号分隔" rules={[mobilesRule(20)]}>
              <Input inputMode="tel" />
            </Form.Item>
            <Form.Item name="leaderMobiles" label="分管领导手机" rules={[mobilesRule(5)]}>
              <Input inputMode="tel" />
            </Form.Item>
            <Form.Item name="dingtalkWebhook" label="钉钉群机器人 Webhook" extra={stored(current?.dingtalkWebhook)} rules={[{ type: 'url', message: '请填写完整的 Webhook 地址' }]}>
              <Input placeholder="https://oapi.dingtalk.com/robot/send?access_token=…" autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="dingtalkSecret"
              label="钉钉加签密钥（SEC开头）"
              extra={stored(current?.dingtalkSecret)}
              rules={[{ pattern: /^SEC[A-Za-z0-9]{8,128}$/, message: '请填写钉钉显示的加签密钥（SEC开头）' }]}
            >
              <Input.Password autoComplete="new-password" visibilityToggle={false} />
            </Form.Item>
            <Form.Item name="removeDingtalk" valuePropName="checked">
              <Checkbox disabled={!current?.dingtalkWebhook}>删除钉钉群机器人</Checkbox>
            </Form.Item>
            <Form.Item name="wecomWebhook" label="企业微信群机器人 Webhook" extra={stored(current?.wecomWebhook)} rules={[{ type: 'url', message: '请填写完整的 Webhook 地址' }]}>
              <Input placeholder="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…" autoComplete="off" />
            </Form.Item>
            <Form.Item name="removeWecom" valuePropName="checked">
              <Checkbox disabled={!current?.wecomWebhook}>删除企业微信群机器人</Checkbox>
            </Form.Item>
          </>
        ),
      })}
    </div>
  );
}
