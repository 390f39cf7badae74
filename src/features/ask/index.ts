import type { Capability, CapabilityDeps } from '../../core/capability.js';
import { requireAdmin } from '../../core/services/authorization.js';
import type { AskContext } from './context.js';
import { escalateOverdue } from './services/escalate.js';
import { teamInsights } from './services/insights.js';
import { rerouteUndeliverable } from './services/reroute.js';
import { handleAwayRecipient } from './slack/away-recipient.js';
import { registerAppMention } from './slack/listeners/app-mention.js';
import { registerAskCommand } from './slack/listeners/ask-command.js';
import { registerAskMailroom } from './slack/listeners/ask-mailroom.js';
import { registerAskResultActions } from './slack/listeners/ask-results.js';
import { registerQuestionItemActions } from './slack/listeners/question-item.js';
import { registerQuestionModals } from './slack/listeners/question-modals.js';
import { registerSaveToMailroom } from './slack/listeners/save-to-mailroom.js';
import { registerWriteDoc } from './slack/listeners/write-doc.js';
import { registerWriteDocModal } from './slack/listeners/write-doc-modal.js';
import { slackQuestionNotifier } from './slack/question-notifier.js';
import { askItemRenderers, describeAskItem } from './slack/renderers.js';
import { ASK_HELP_LINES } from './slack/views/help.js';
import { insightsBlocks, insightsMessage } from './slack/views/insights.js';

/** `/ask`, its ways in (mentions, shortcuts), the questions' queue items, the team's docs. */
export function askCapability(ctx: AskContext, deps: CapabilityDeps): Capability {
  const questions = slackQuestionNotifier(deps.client, ctx);
  return {
    name: 'ask',
    listen(app) {
      registerAskCommand(app, ctx);
      registerAppMention(app, ctx);
      registerAskMailroom(app, ctx);
      registerSaveToMailroom(app, ctx);
      registerWriteDoc(app, ctx);
      registerWriteDocModal(app, ctx);
      registerAskResultActions(app, ctx);
      registerQuestionItemActions(app, ctx);
      registerQuestionModals(app, ctx);
    },
    renderers: askItemRenderers(ctx),
    describe: (item) => describeAskItem(ctx, item),
    home: [{ place: 'admins', blocks: () => insightsBlocks(teamInsights(ctx)) }],
    helpLines: ASK_HELP_LINES,
    mailroomCommands: {
      insights: ({ userId }) => {
        requireAdmin(ctx, userId, 'see team insights');
        return insightsMessage(teamInsights(ctx));
      },
    },
    // With the token refused nobody can be reminded; questions wait rather than move on.
    tick: ({ delivering }) => ({
      questions: delivering ? escalateOverdue(ctx, questions) : { reminded: 0, escalated: 0 },
    }),
    delivery: {
      onUndeliverable: (item, reason) => rerouteUndeliverable(ctx, questions, item, reason),
      onAway: (item, away) => handleAwayRecipient(ctx, item, away),
    },
  };
}
