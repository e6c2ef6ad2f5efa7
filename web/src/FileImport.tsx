// What the imports of a file (名册导入, 一校一表) share: the button that picks the file — handed to
// the page, which sends it itself — and the problems of a file refused, none of it imported.
import { Alert, Button, Upload } from 'antd';

/** A primary button that opens the device's file picker (one file of `accept`) and hands the file chosen to `onFile`. */
export function PickFile({
  accept,
  onFile,
  loading,
  testId,
  children,
}: {
  accept: string;
  onFile(file: File): Promise<unknown>;
  loading: boolean;
  testId: string;
  children: React.ReactNode;
}) {
  return (
    <Upload
      accept={accept}
      maxCount={1}
      showUploadList={false}
      beforeUpload={(file) => {
        void onFile(file);
        return false;
      }}
    >
      <Button type="primary" loading={loading} data-testid={testId}>
        {children}
      </Button>
    </Upload>
  );
}

/** A refused file's problems under `title`: the first `shown` of them, and how many more there are. */
export function FileProblems({ title, problems, shown }: { title: string; problems: string[]; shown: number }) {
  return (
    <Alert
      type="error"
      showIcon
      title={title}
      description={
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {problems.slice(0, shown).map((p, i) => (
            <li key={i} className="break">
              {p}
            </li>
          ))}
          {problems.length > shown && <li>另有{problems.length - shown}处问题</li>}
        </ul>
      }
    />
  );
}
