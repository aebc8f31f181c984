// Where the resident is in the flow: numbered steps, the done ones ticked, the current one filled
// and named for screen readers (aria-current), never told by colour alone.
import { Check } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { flowSteps, type Flow } from '../flow-steps';

export function StepIndicator({ flow, current }: { flow: Flow; current: number }) {
  const { t } = useTranslation();
  const steps = flowSteps[flow];
  return (
    <ol className="steps" aria-label={t('steps.label', { current: Math.min(current + 1, steps.length), total: steps.length })} data-testid="steps">
      {steps.map((key, i) => {
        const state = i < current ? 'done' : i === current ? 'current' : 'todo';
        return (
          <li key={key} className={`step ${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="step-mark" aria-hidden="true">
              {state === 'done' ? <Check className="icon" /> : i + 1}
            </span>
            <span className="step-name">{t(key)}</span>
          </li>
        );
      })}
    </ol>
  );
}
