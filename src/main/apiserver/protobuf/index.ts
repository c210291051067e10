/** Kubernetes protobuf request bodies: the media type and the decoder the HTTP layer calls. */
export { PROTOBUF_CONTENT_TYPE, decodeProtobufObject } from './decode';
