// A campaign's page: the dashboard for the lead office and the bureau; for a school its 待办 and
// the 摸排 self-inspection while the survey phase is open; for others their 待办 in it.
import { Alert, Spin } from 'antd';
import { useState } from 'react';
import { useSession } from '../session';
import { usePageTitle } from '../shell';
import { useApi } from '../useApi';
import { CampaignDashboard } from './CampaignDashboard';
import { SelfInspection } from './SelfInspection';
import { WorkPage } from './WorkPage';

interface CampaignInfo {
  name: string;
  phases: { key: string; status: string }[];
  selfInspected: string[];
  participants: { schoolIds: string[] };
}

export function CampaignPage({ id }: { id: string }) {
  const { me } = useSession();
  if (me?.role === 'lead' || me?.role === 'bureau') return <CampaignDashboard id={id} />;
  if (me?.role === 'school' && me.unitId) return <SchoolCampaign id={id} schoolId={me.unitId} />;
  return <WorkPage campaignId={id} />;
}

function SchoolCampaign({ id, schoolId }: { id: string; schoolId: string }) {
  const { data: info, error: refusal, reload } = useApi<CampaignInfo>(`/api/campaigns/${encodeURIComponent(id)}`);
  const error = refusal?.message;
  usePageTitle(info?.name);
  const [version, setVersion] = useState(0);
  const survey = info?.phases.find((p) => p.key === 'survey');
  const takesPart = info?.participants.schoolIds.includes(schoolId);
  return (
    <>
      <WorkPage key={version} campaignId={id} title={info?.name} />
      {error && <Alert type="warning" showIcon title={error} />}
      {!info && !error && <Spin />}
      {info && takesPart && survey && survey.status !== 'closed' && (
        <SelfInspection
          campaignId={id}
          schoolId={schoolId}
          done={info.selfInspected.includes(schoolId)}
          onSubmitted={() => {
            setVersion((v) => v + 1);
            void reload();
          }}
        />
      )}
      {info && takesPart && survey?.status === 'closed' && <Alert type="info" showIcon title="摸排阶段已结束" />}
    </>
  );
}
