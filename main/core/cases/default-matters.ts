// The matters catalogue a cabinet ships with. Realistic, but every station edits it in its
// configuration: materials and committed days differ from one district to the next.

interface Localized {
  'zh-CN': string;
  en: string;
}

export interface DefaultMatter {
  id: string;
  name: Localized;
  materials: Localized[];
  processingDays: number;
  size: 'S' | 'M' | 'L';
}

export const defaultMatters: DefaultMatter[] = [
  {
    id: 'retirement',
    name: { 'zh-CN': '退休审批', en: 'Retirement approval' },
    materials: [
      { 'zh-CN': '居民身份证复印件', en: 'Copy of resident ID card' },
      { 'zh-CN': '户口簿复印件', en: 'Copy of household register' },
      { 'zh-CN': '退休申请表（签字）', en: 'Signed retirement application form' },
      { 'zh-CN': '近期一寸免冠照片 2 张', en: 'Two recent 1-inch photos' },
    ],
    processingDays: 20,
    size: 'M',
  },
  {
    id: 'social-insurance',
    name: { 'zh-CN': '社会保险', en: 'Social insurance' },
    materials: [
      { 'zh-CN': '居民身份证复印件', en: 'Copy of resident ID card' },
      { 'zh-CN': '社会保险业务申请表', en: 'Social insurance application form' },
      { 'zh-CN': '银行卡或存折复印件', en: 'Copy of bank card or passbook' },
    ],
    processingDays: 10,
    size: 'S',
  },
  {
    id: 'medical-insurance',
    name: { 'zh-CN': '医疗保险', en: 'Medical insurance' },
    materials: [
      { 'zh-CN': '居民身份证复印件', en: 'Copy of resident ID card' },
      { 'zh-CN': '医保业务申请表', en: 'Medical insurance application form' },
      { 'zh-CN': '医疗费用票据原件及明细', en: 'Original medical receipts and itemised bills' },
    ],
    processingDays: 15,
    size: 'M',
  },
  {
    id: 'housing-fund',
    name: { 'zh-CN': '住房公积金', en: 'Housing provident fund' },
    materials: [
      { 'zh-CN': '居民身份证复印件', en: 'Copy of resident ID card' },
      { 'zh-CN': '公积金提取申请书', en: 'Provident fund withdrawal application' },
      { 'zh-CN': '提取事由证明材料', en: 'Proof of the reason for withdrawal' },
    ],
    processingDays: 5,
    size: 'S',
  },
  {
    id: 'disability-card',
    name: { 'zh-CN': '残疾人证', en: 'Disability certificate' },
    materials: [
      { 'zh-CN': '居民身份证复印件', en: 'Copy of resident ID card' },
      { 'zh-CN': '户口簿复印件', en: 'Copy of household register' },
      { 'zh-CN': '残疾评定申请表', en: 'Disability assessment application form' },
      { 'zh-CN': '近期二寸免冠照片 3 张', en: 'Three recent 2-inch photos' },
    ],
    processingDays: 30,
    size: 'M',
  },
  {
    id: 'senior-card',
    name: { 'zh-CN': '老年人优待证', en: 'Senior citizen card' },
    materials: [
      { 'zh-CN': '居民身份证复印件', en: 'Copy of resident ID card' },
      { 'zh-CN': '近期一寸免冠照片 1 张', en: 'One recent 1-inch photo' },
    ],
    processingDays: 7,
    size: 'S',
  },
  {
    id: 'other',
    name: { 'zh-CN': '其他事项', en: 'Other matters' },
    materials: [
      { 'zh-CN': '居民身份证复印件', en: 'Copy of resident ID card' },
      { 'zh-CN': '事项相关申请材料', en: 'Application documents for the matter' },
    ],
    processingDays: 10,
    size: 'L',
  },
];
