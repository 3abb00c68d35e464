/**
 * The chronic-disease lists of the handbook (一(二)3 residents, 二(二)2 employees: the same 4 + 22 diseases)
 * and the matching of what users type in 病种 to them.
 */
import { RowError } from '../../types.js';

/** 一类 (4种). */
export const CLASS1 = ['血友病', '恶性肿瘤', '慢性肾功能衰竭', '组织器官移植术后抗排异治疗'] as const;

/** 二类 (22种), in the handbook's order. */
export const CLASS2 = [
  '丙型肝炎', '慢性阻塞性肺疾病', '慢性肺原性心脏病', '慢性风湿性心脏病', '冠状动脉粥样硬化性心脏病', '慢性乙型肝炎',
  '系统性红斑狼疮', '类风湿性关节炎', '慢性肾炎', '脑血管疾病后遗症', '精神与行为障碍', '痛风', '肝硬化', '癫痫',
  '结核病', '再生障碍性贫血', '帕金森病', '消化性溃疡', '阿尔茨海默病', '脑性瘫痪', '糖尿病', '高血压',
] as const;

/** Names users write for a listed disease (the handbook's own bracketed inclusions among them). */
const ALIASES: Record<string, string> = {
  淋巴: '恶性肿瘤',
  淋巴瘤: '恶性肿瘤',
  白血病: '恶性肿瘤',
  肿瘤: '恶性肿瘤',
  慢性肾衰竭: '慢性肾功能衰竭',
  器官移植术后抗排异治疗: '组织器官移植术后抗排异治疗',
  器官移植: '组织器官移植术后抗排异治疗',
  幼年特发性关节炎: '类风湿性关节炎',
  丙肝: '丙型肝炎',
  乙肝: '慢性乙型肝炎',
  慢阻肺: '慢性阻塞性肺疾病',
  肺心病: '慢性肺原性心脏病',
  冠心病: '冠状动脉粥样硬化性心脏病',
  红斑狼疮: '系统性红斑狼疮',
  精神障碍: '精神与行为障碍',
  肺结核: '结核病',
  耐药性结核病: '结核病',
  再障: '再生障碍性贫血',
  帕金森: '帕金森病',
  阿尔茨海默症: '阿尔茨海默病',
  脑瘫: '脑性瘫痪',
};

const KNOWN = new Set<string>([...CLASS1, ...CLASS2]);

/**
 * Canonical name of one typed disease, or undefined. The list column splits on 、 so the handbook's own
 * 「恶性肿瘤（含淋巴、白血病）」 arrives as 「恶性肿瘤（含淋巴」 and 「白血病）」: brackets and 含 are dropped.
 */
export function canonicalDisease(text: string): string | undefined {
  let t = text.replace(/\s/g, '');
  const open = t.search(/[（(]/);
  if (open > 0) t = t.slice(0, open);
  t = t.replace(/[）)]/g, '').replace(/^含/, '');
  if (KNOWN.has(t)) return t;
  return ALIASES[t];
}

export interface DiseaseSet {
  class1: string[];
  class2: string[];
}

/** Classify a row's 病种; an unknown name is a row error that names it. */
export function classify(list: readonly string[]): DiseaseSet {
  const class1 = new Set<string>();
  const class2 = new Set<string>();
  for (const raw of list) {
    const d = canonicalDisease(raw);
    if (d === undefined) throw new RowError(`列「病种」的值「${raw}」不是手册所列门诊慢特病病种 / 病种 '${raw}' is not a listed chronic disease`);
    if ((CLASS1 as readonly string[]).includes(d)) class1.add(d);
    else class2.add(d);
  }
  return { class1: [...class1], class2: [...class2] };
}
