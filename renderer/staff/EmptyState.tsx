// What an empty table or list shows instead of bare headers: an icon and a sentence.
import { Inbox } from 'lucide-react';

export function EmptyState({ children, testId }: { children: string; testId?: string }) {
  return (
    <p className="empty-state" data-testid={testId ?? 'empty-state'}>
      <Inbox size={32} aria-hidden="true" />
      {children}
    </p>
  );
}
