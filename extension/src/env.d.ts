declare const __HYPOMOS_PORTAL__: string;
declare const __HYPOMOS_DEMO__: string;
