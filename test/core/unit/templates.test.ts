import { describe, expect, it } from 'vitest';
import { dropTemplateTags } from '../../../src/core/services/templates.js';

/** The shapes below are cut from pages of the TTS handbook (bench/data/tts-handbook). */
describe('dropTemplateTags', () => {
  it('leaves a page without template tags exactly as it is', () => {
    const text =
      '---\ntitle: Zoom\n---\n\n## Setup {#setup}\n\nInstall `zoom` {from} Self Service.\n';
    expect(dropTemplateTags(text)).toBe(text);
  });

  it('replaces a link tag by its target, so the link stays a link', () => {
    expect(
      dropTemplateTags('See [Tock]({% page "/tock" %}) and [the form]({%link "/x/" %}).'),
    ).toBe('See [Tock](/tock) and [the form](/x/).');
    expect(dropTemplateTags('{% download "downloads/TEMPLATE_Team_charter.docx" %}')).toBe(
      'downloads/TEMPLATE_Team_charter.docx',
    );
  });

  it('shows a Slack channel as the page does, and an alert by its title', () => {
    expect(dropTemplateTags('Ask in {% slack_channel "people-ops" %}.')).toBe(
      'Ask in #people-ops.',
    );
    expect(
      dropTemplateTags(
        '{% alert "Re-adding the keys after a restart", "warning" %}\nText\n{% endalert %}',
      ),
    ).toBe('Re-adding the keys after a restart\nText\n');
    expect(dropTemplateTags('{% alert %}\n  Text\n{% endalert %}')).toBe('\n  Text\n');
  });

  it('keeps an image by its alt text, quotes inside it and all', () => {
    expect(dropTemplateTags('{% image "_img/drive/oauth.png" "don\'t click "allow"" %}')).toBe(
      'don\'t click "allow"',
    );
    expect(
      dropTemplateTags(
        '{% image_with_class "_img/tools/calendar-1.png" "border border-base-light" "calendar settings popup" %}',
      ),
    ).toBe('calendar settings popup');
  });

  it('drops comments with what they hold, expressions, includes and unknown tags', () => {
    expect(
      dropTemplateTags(
        '- Process agreements {% comment %}TODO link to\nAgreements{% endcomment %}\n- Staff people',
      ),
    ).toBe('- Process agreements \n- Staff people');
    expect(dropTemplateTags('[BD]({{site.base_url}}/18f-bd/)')).toBe('[BD](/18f-bd/)');
    expect(
      dropTemplateTags(
        '{% include "step-indicator.html" steps: travel-steps.steps current_step:current_step  %}',
      ),
    ).toBe('');
    expect(dropTemplateTags('{%- raw -%}x{% endraw %}')).toBe('x');
  });

  it('keeps tags inside fenced code and inline code as written', () => {
    const fenced = '```liquid\n{% page "/kept" %}\n{{ kept }}\n```\n{% page "/gone" %}';
    expect(dropTemplateTags(fenced)).toBe('```liquid\n{% page "/kept" %}\n{{ kept }}\n```\n/gone');
    expect(dropTemplateTags('Write `{% page "/x" %}` to link: {% page "/y" %}')).toBe(
      'Write `{% page "/x" %}` to link: /y',
    );
  });
});
