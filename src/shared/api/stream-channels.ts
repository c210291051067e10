/**
 * The channel numbers of Kubernetes' streaming protocol (pods/exec,
 * pods/attach over WebSocket: v4/v5.channel.k8s.io): every binary frame
 * starts with one. Shared by the API server and the page.
 */
export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
/** ERROR carries a Status when the command ends (or could not start). */
export const ERROR = 3;
export const RESIZE = 4;
/** CLOSE (v5) closes one stream: [255, channel]. */
export const CLOSE = 255;
