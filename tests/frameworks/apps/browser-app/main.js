// src/main.js: the page the frameworks tests open. It checks the deliveries
// its URL fragment holds (the fragment never reaches a server), shows the
// verdicts and reports them in window.__fixtureResult.
import { checkDelivery } from './check-delivery.js';

const { secret, deliveries } = JSON.parse(decodeURIComponent(location.hash.slice(1)));
const verdicts = deliveries.map((delivery) => checkDelivery(delivery, secret));

const list = document.createElement('ul');
for (const verdict of verdicts) {
  const item = document.createElement('li');
  item.textContent = verdict.status === 200 ? `${verdict.type} ${verdict.id}: valid` : `rejected: ${verdict.error}`;
  list.append(item);
}
document.body.append(list);
window.__fixtureResult = verdicts;
