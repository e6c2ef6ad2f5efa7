// A record edited in a modal form: the directory's units (DirectoryPage.tsx) and their notice
// channels (ChannelsTab.tsx). open() fills the form with what is stored; 保存 validates it, sends it
// (`submit`), closes and says so — or keeps the modal open with the API's refusal in Chinese above the
// fields, so nothing typed is lost.
import { Alert, App as AntApp, Form, Modal } from 'antd';
import { useState, type ReactNode } from 'react';
import { zhApiError } from './zh';

/** What antd's form holds (untyped there). */
type FormValues = any;

/** `submit` sends what was typed; `saved` is said once it is accepted; `then` follows (the list read again). */
export function useEditModal<T>({ submit, saved, then }: { submit: (editing: T, values: FormValues) => Promise<unknown>; saved: string; then?: (editing: T) => Promise<unknown> }) {
  const { message } = AntApp.useApp();
  const [editing, setEditing] = useState<T>();
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  const [form] = Form.useForm();

  const open = (e: T, values: object) => {
    setEditing(e);
    setSaveError(undefined);
    form.resetFields();
    form.setFieldsValue(values);
  };
  const save = async () => {
    if (editing === undefined) return;
    const values = await form.validateFields();
    setSaving(true);
    setSaveError(undefined);
    try {
      await submit(editing, values);
      setEditing(undefined);
      void message.success(saved);
      await then?.(editing);
    } catch (err) {
      setSaveError(zhApiError(err).message);
    } finally {
      setSaving(false);
    }
  };
  const modal = ({ title, testId, children }: { title: string; testId: string; children: ReactNode }) => (
    <Modal
      open={editing !== undefined}
      title={title}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => void save().catch(() => undefined)}
      onCancel={() => setEditing(undefined)}
      destroyOnHidden
      data-testid={testId}
    >
      {saveError && <Alert type="error" showIcon title={saveError} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" preserve={false}>
        {children}
      </Form>
    </Modal>
  );
  return { editing, form, open, modal };
}
