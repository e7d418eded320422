/** The person card (get_personnel's app): renders the tool's result; the card's button asks the model. */
import { Bridge } from './bridge.js';
import { applyHostContext, h } from './dom.js';
import { personModel, renderPerson } from './person-view.js';

const root = document.getElementById('app') as HTMLElement;
const status = h('p', { class: 'status', role: 'status' });

const bridge = new Bridge({
  toolResult(result) {
    if (!result.structuredContent) {
      root.replaceChildren(h('p', {}, 'The result has no person to show.'));
      return;
    }
    root.replaceChildren(renderPerson(personModel(result.structuredContent), bridge, status), status);
  },
  hostContext: applyHostContext,
});

root.replaceChildren(h('p', { class: 'muted' }, 'Waiting for the person…'));
void bridge.connect({ name: 'drata-personnel-person', version: '1.0.0' }).catch((err: Error) => {
  root.replaceChildren(h('p', {}, `Could not connect to the host: ${err.message}`));
});
