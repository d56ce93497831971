export const dataPath = "/data";
