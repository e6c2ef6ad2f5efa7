// A page's list of things to open (专项行动, 工作台) in a card: a spinner until it has come, its
// refusal, `empty` when there is nothing, else a row a thing — its tags and its linked title, a line
// describing it — that opens `href` (a click anywhere on the row; the link is for the eye and a
// middle click).
import { Alert, Card, Empty, List, Space, Spin } from 'antd';
import type { ReactNode } from 'react';
import { navigate } from './router';

export function LinkList<T>(props: {
  items: T[] | undefined;
  error: string | undefined;
  /** What an empty list says. */
  empty: string;
  /** Each row's test id. */
  testId: string;
  href: (item: T) => string;
  tags: (item: T) => ReactNode;
  title: (item: T) => ReactNode;
  description: (item: T) => ReactNode;
}) {
  const { items, error, href } = props;
  return (
    <>
      {error && <Alert type="warning" showIcon title={error} />}
      {!items && !error && <Spin />}
      {items && (
        <Card styles={{ body: { padding: '0 16px' } }}>
          {items.length === 0 ? (
            <Empty style={{ padding: 24 }} description={props.empty} />
          ) : (
            <List
              dataSource={items}
              renderItem={(item) => (
                <List.Item className="work-item" data-testid={props.testId} onClick={() => navigate(href(item))}>
                  <List.Item.Meta
                    title={
                      <Space size={4} wrap>
                        {props.tags(item)}
                        <a className="break" href={href(item)} onClick={(e) => e.preventDefault()}>
                          {props.title(item)}
                        </a>
                      </Space>
                    }
                    description={<span>{props.description(item)}</span>}
                  />
                </List.Item>
              )}
            />
          )}
        </Card>
      )}
    </>
  );
}
