import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('kubedeck', { platform: process.platform });
