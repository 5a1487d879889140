import { Device } from 'mediasoup-client';
import type { RtpCapabilities } from 'mediasoup-client/types';

/**
 * A mediasoup-client Device loaded with the router's capabilities. A fresh one per connection: after the
 * server replaced a dead worker the new router may differ, and a Device cannot be loaded twice.
 */
export async function loadDevice(routerRtpCapabilities: RtpCapabilities): Promise<Device> {
  let device: Device;
  try {
    device = await Device.factory();
  } catch {
    // Browser detection refuses some Chromium builds (headless, unusual brands); they all speak Chrome111.
    device = new Device({ handlerName: 'Chrome111' });
  }
  await device.load({ routerRtpCapabilities });
  return device;
}
