import type { KnownBlock } from '@slack/types';
import type { OwnershipOffer } from '../../store/ownership-repository.js';
import { actions, context, type Message, section } from './blocks.js';
import { escapeMrkdwn, mention, truncate } from './mrkdwn.js';

/** The hand-over's one button: take over an object whose owners all left. */
export const OWNERSHIP_ACTIONS = { takeOver: 'ownership_take_over' } as const;

/** An object as the offer shows it to its reader: its capability gives the title and the link. */
export interface OfferedObject {
  title: string;
  link: string | null;
}

export const GONE_OWNED: OfferedObject = { title: 'an item no longer available', link: null };

function titleOf(object: OfferedObject): string {
  const title = escapeMrkdwn(truncate(object.title, 200));
  if (!object.link) return `*${title}*`;
  return `*<${object.link.replace(/[<>|]/g, '')}|${title.replace(/[|]/g, '')}>*`;
}

/** One object offered, and where it stands for this reader: theirs to take, or taken. */
function offerBlocks(offer: OwnershipOffer, object: OfferedObject, readerId: string): KnownBlock[] {
  if (offer.takenBy === readerId) {
    return [section(`${titleOf(object)}\n:white_check_mark: You took it over: it is yours now.`)];
  }
  if (offer.takenBy !== null) {
    return [section(`${titleOf(object)}\n${mention(offer.takenBy)} took it over.`)];
  }
  return [
    section(titleOf(object)),
    actions(`ownership_offer:${offer.id}`, [
      {
        text: 'Take over',
        actionId: OWNERSHIP_ACTIONS.takeOver,
        value: String(offer.id),
        style: 'primary',
      },
    ]),
  ];
}

/** For each person who may take over what a leaver owned alone: one DM, a button per object. */
export function offerMessage(input: {
  leaverId: string;
  offers: readonly { offer: OwnershipOffer; object: OfferedObject }[];
  readerId: string;
}): Message {
  const { leaverId, offers, readerId } = input;
  const open = offers.filter((o) => o.offer.takenBy === null).length;
  return {
    text:
      open > 0 ? 'Someone left: take over what they owned?' : 'What someone owned has new owners',
    blocks: [
      section(
        `${mention(leaverId)} left the workspace. ${offers.length === 1 ? 'This has' : 'These have'} no owner now:`,
      ),
      ...offers.flatMap(({ offer, object }) => offerBlocks(offer, object, readerId)),
      context(
        'The first person to take one over becomes its owner (its concerns and reviews go to them); the others see who did.',
      ),
    ],
  };
}

/** For the other owners of what a leaver owned too: nothing to do, it stays theirs. */
export function ownerLeftMessage(input: {
  leaverId: string;
  objects: readonly OfferedObject[];
}): Message {
  const list = input.objects.map((o) => `• ${titleOf(o)}`).join('\n');
  return {
    text: 'Someone you own things with left the workspace',
    blocks: [
      section(
        `${mention(input.leaverId)} left the workspace. You still own ${input.objects.length === 1 ? 'this' : 'these'} with them gone:\n${list}`,
      ),
    ],
  };
}
