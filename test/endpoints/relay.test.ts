/**
 * The browser SUTs' relay (src/endpoints/browser/relay.ts) over real sockets: a UDP peer on one
 * leg, a WebSocket client standing in for the page on the other (RFC 7118, subprotocol "sip").
 */
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { once } from 'node:events';
import { test } from 'node:test';
import WebSocket from 'ws';
import { SipWsRelay } from '../../src/endpoints/browser/relay';
import { headerValue, parseMessage, serializeMessage, type SipRequest } from '../../src/sip/message';
import { buildResponse } from '../../src/sip/useragent';

/** Resolves with the next message on `ws`, or rejects after `ms`. */
function nextWs(ws: WebSocket, ms = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { ws.off('message', on); reject(new Error(`nothing on the WebSocket within ${ms} ms`)); }, ms);
    const on = (data: WebSocket.RawData): void => { clearTimeout(timer); ws.off('message', on); resolve(data.toString()); };
    ws.on('message', on);
  });
}

function nextUdp(sock: dgram.Socket, ms = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { sock.off('message', on); reject(new Error(`nothing on UDP within ${ms} ms`)); }, ms);
    const on = (data: Buffer): void => { clearTimeout(timer); sock.off('message', on); resolve(data.toString()); };
    sock.on('message', on);
  });
}

test('a UDP retransmission of a non-INVITE request gets the final response again and never reaches the page twice (RFC 3261 §17.2.2)', async () => {
  const relay = await SipWsRelay.open('127.0.0.1');
  const udp = dgram.createSocket('udp4');
  const ws = new WebSocket(relay.wsUrl, 'sip');
  try {
    await once(ws, 'open');
    const { host: rh, port: rp } = relay.address;
    ws.send([`REGISTER sip:${rh}:${rp} SIP/2.0`, 'Via: SIP/2.0/WS x.invalid;branch=z9hG4bKreg1', 'Max-Forwards: 70',
      'From: <sip:bob@127.0.0.1>;tag=r1', 'To: <sip:bob@127.0.0.1>', 'Call-ID: reg1', 'CSeq: 1 REGISTER',
      'Contact: <sip:page@x.invalid;transport=ws>', 'Expires: 600', 'Content-Length: 0', '', ''].join('\r\n'));
    assert.match(await nextWs(ws), /^SIP\/2\.0 200/);
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', () => resolve()));
    const { port } = udp.address();
    const message = Buffer.from([`MESSAGE sip:bob@${rh}:${rp} SIP/2.0`, `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bKretx1;rport`,
      'Max-Forwards: 70', `From: <sip:alice@127.0.0.1:${port}>;tag=a1`, `To: <sip:bob@${rh}:${rp}>`, 'Call-ID: retx1',
      'CSeq: 7 MESSAGE', 'Content-Length: 0', '', ''].join('\r\n'));
    udp.send(message, rp, rh);
    const atPage = parseMessage(await nextWs(ws)) as SipRequest;
    assert.equal(atPage.method, 'MESSAGE');
    // Sent again before the page answered: dropped, its transaction is still open at the page.
    udp.send(message, rp, rh);
    await assert.rejects(nextWs(ws, 300), /nothing on the WebSocket/);
    ws.send(serializeMessage(buildResponse(atPage, 200, { toTag: 'b1' })));
    const first = await nextUdp(udp);
    assert.match(first, /^SIP\/2\.0 200/);
    // Sent again after the final response: the same response again, and nothing at the page.
    const pageSawIt = nextWs(ws, 300);
    udp.send(message, rp, rh);
    const again = await nextUdp(udp);
    assert.equal(again, first);
    await assert.rejects(pageSawIt, /nothing on the WebSocket/);
    assert.equal(headerValue(parseMessage(again), 'cseq'), '7 MESSAGE');
    assert.ok(relay.notes.some((n) => /retransmission of MESSAGE .* answered again with 200/.test(n)), relay.notes.join('\n'));
  } finally {
    ws.close();
    udp.close();
    await relay.close();
  }
});
