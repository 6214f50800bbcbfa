/**
 * Scripted lifecycles, chosen by the tracking number's prefix (in the spirit of EasyPost's test tracking
 * codes). Each poll of a number moves it one step along its story; the last step repeats.
 */
export interface StoryStep {
  status: string;
  detail: string;
  location: string;
}

const step = (status: string, detail: string, location: string): StoryStep => ({ status, detail, location });

const CREATED = step('LABEL_CREATED', 'Shipment information received', 'Seller warehouse');
const PICKED = step('PICKED_UP', 'Picked up from seller', 'Bengaluru');
const TRANSIT = step('IN_TRANSIT', 'Departed origin hub', 'Bengaluru Hub');
const HUB = step('ARRIVED_AT_HUB', 'Arrived at destination hub', 'Mumbai Hub');
const OFD = step('OUT_FOR_DELIVERY', 'Out for delivery', 'Mumbai Andheri DC');
const ATTEMPT = step('DELIVERY_ATTEMPTED', 'Customer not available', 'Mumbai Andheri DC');

export const STORIES: Readonly<Record<string, readonly StoryStep[]>> = {
  DELIVERED: [CREATED, PICKED, TRANSIT, HUB, OFD, step('DELIVERED', 'Delivered to customer', 'Mumbai')],
  RETRY: [CREATED, PICKED, TRANSIT, OFD, ATTEMPT, OFD, step('DELIVERED', 'Delivered on second attempt', 'Mumbai')],
  RETURNED: [
    CREATED,
    PICKED,
    TRANSIT,
    OFD,
    ATTEMPT,
    step('RETURN_INITIATED', 'Return to origin initiated', 'Mumbai Andheri DC'),
    step('RETURN_IN_TRANSIT', 'Returning to seller', 'Mumbai Hub'),
    step('RETURNED_TO_SENDER', 'Returned to seller', 'Seller warehouse'),
  ],
  LOST: [CREATED, PICKED, TRANSIT, step('LOST', 'Shipment declared lost', 'Pune Hub')],
  CANCELLED: [CREATED, step('CANCELLED', 'Cancelled by seller before pickup', 'Seller warehouse')],
  /** Meets a status the sandbox table does not know, to show how unmapped statuses are kept and reported. */
  ODDITY: [CREATED, PICKED, step('WEATHER_DELAY', 'Delayed by weather', 'Nagpur Hub'), TRANSIT],
};

/** `SBX-DELIVERED-001` → the DELIVERED story; `SBX-NOTFOUND-…` and anything unknown → not found. */
export function storyOf(trackingNumber: string): readonly StoryStep[] | null {
  const match = /^SBX-([A-Z]+)-/.exec(trackingNumber.toUpperCase());
  return match ? (STORIES[match[1]!] ?? null) : null;
}
