import { useSyncExternalStore } from 'react';
import type { RoomPort, RoomStatus } from '../../room/client/room-status.js';

const none = () => () => {};
const nothing = () => undefined;

/** The room's status, re-rendering on every change; undefined outside a room. */
export default function useRoom(room: RoomPort | undefined): RoomStatus | undefined {
  return useSyncExternalStore(room ? room.subscribe : none, room ? room.getStatus : nothing);
}
